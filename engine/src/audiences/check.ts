import type { AudienceCondition, PropertyFilter } from '../model/index.ts';

/** Something a parsed definition cannot mean, at a path into the definition ("condition.of.1.value"). */
export interface AudienceProblem {
  path: string;
  message: string;
}

/** How deep all / any / not may nest, and how many conditions one audience may have: beyond this, queries get slow. */
export const MAX_DEPTH = 8;
export const MAX_CONDITIONS = 200;

const needsValue = (f: PropertyFilter) => f.op !== 'exists' && f.op !== 'not-exists';

/** The semantic problems of a schema-valid definition's condition (each refused with 422), none when it is usable. */
export function audienceProblems(condition: AudienceCondition, at = 'condition'): AudienceProblem[] {
  const problems: AudienceProblem[] = [];
  let count = 0;
  const visit = (c: AudienceCondition, path: string, depth: number): void => {
    count += 1;
    if (depth > MAX_DEPTH) {
      problems.push({ path, message: `conditions nest at most ${MAX_DEPTH} deep` });
      return;
    }
    switch (c.kind) {
      case 'trait':
        if (needsValue(c) && c.value === undefined)
          problems.push({ path: `${path}.value`, message: `the value to compare trait ${c.property} with is missing` });
        return;
      case 'performed':
        c.where.forEach((f, i) => {
          if (needsValue(f) && f.value === undefined)
            problems.push({
              path: `${path}.where.${i}.value`,
              message: `the value to compare ${c.event}'s ${f.property} with is missing`,
            });
        });
        return;
      case 'all':
      case 'any':
        c.of.forEach((child, i) => visit(child, `${path}.of.${i}`, depth + 1));
        return;
      case 'not':
        visit(c.condition, `${path}.condition`, depth + 1);
        return;
      case 'trait-date':
      case 'journey':
      case 'arm':
        return;
    }
  };
  visit(condition, at, 1);
  if (count > MAX_CONDITIONS)
    problems.push({
      path: at,
      message: `an audience has at most ${MAX_CONDITIONS} conditions (this one has ${count})`,
    });
  return problems;
}

/** Every journey a condition names, with the path of its `journeyId` (so a missing journey can be refused there). */
export function journeyReferences(
  condition: AudienceCondition,
  at = 'condition',
): Array<{ path: string; journeyId: string }> {
  switch (condition.kind) {
    case 'journey':
    case 'arm':
      return [{ path: `${at}.journeyId`, journeyId: condition.journeyId }];
    case 'all':
    case 'any':
      return condition.of.flatMap((c, i) => journeyReferences(c, `${at}.of.${i}`));
    case 'not':
      return journeyReferences(condition.condition, `${at}.condition`);
    default:
      return [];
  }
}
