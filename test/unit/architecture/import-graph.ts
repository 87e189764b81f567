import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';

/** One broken import rule: which rule, the import that breaks it, and the loop it closes (if any). */
export interface BrokenRule {
  rule: string;
  from: string;
  to: string;
  loop: string[];
}

/** Checks every import (type-only ones too) among the files under `roots` against `rules`, with dependency-cruiser. */
export async function brokenImportRules(roots: string[], rules: IForbiddenRuleType[]): Promise<BrokenRule[]> {
  const result = await cruise(roots, {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    validate: true,
    ruleSet: { forbidden: rules },
  });
  if (typeof result.output === 'string')
    throw new Error('dependency-cruiser returned a report instead of its findings');
  return result.output.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    loop: (v.cycle ?? []).map((step) => step.name),
  }));
}
