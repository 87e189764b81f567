import type { AudienceCondition } from '@boomerang/engine/model';
import { isLeafKind, LEAF_FORMS, type LeafKind } from './condition-form.ts';

// The condition tree as the builder holds it while it is edited: groups of conditions, and leaves whose
// values may still be incomplete (an event name being typed). The API checks it; its problems come back
// with paths (`condition.of.1.event`) that problemsAt hands to the field they name.

/** One condition being edited: a group (all / any), a negation, or a leaf with the values typed so far. */
export type ConditionDraft =
  | { kind: 'all' | 'any'; of: ConditionDraft[] }
  | { kind: 'not'; condition: ConditionDraft }
  | { kind: LeafKind; values: Record<string, unknown> };

/** A problem the API named, at a dot path from the request body. */
export interface Problem {
  path: string;
  message: string;
}

/** The kinds the "Add" menu offers: every leaf, and the three groups. */
export type AddableKind = LeafKind | 'all' | 'any' | 'not';

/** A new condition of a kind: a leaf with its schema defaults, or a group holding one empty trait condition. */
export function newCondition(kind: AddableKind): ConditionDraft {
  if (isLeafKind(kind)) return { kind, values: { ...LEAF_FORMS[kind].defaults } };
  const first = newCondition('trait');
  return kind === 'not' ? { kind, condition: first } : { kind, of: [first] };
}

/**
 * The JSON the API reads for a draft: leaves flattened to `{ kind, ...values }`.
 * @example conditionOf({ kind: 'all', of: [{ kind: 'trait', values: { property: 'plan', op: 'exists' } }] })
 *   // { kind: 'all', of: [{ kind: 'trait', property: 'plan', op: 'exists' }] }
 */
export function conditionOf(draft: ConditionDraft): unknown {
  switch (draft.kind) {
    case 'all':
    case 'any':
      return { kind: draft.kind, of: draft.of.map(conditionOf) };
    case 'not':
      return { kind: 'not', condition: conditionOf(draft.condition) };
    default:
      return { ...draft.values, kind: draft.kind };
  }
}

/** A saved condition as a draft. */
export function draftOf(condition: AudienceCondition): ConditionDraft {
  switch (condition.kind) {
    case 'all':
    case 'any':
      return { kind: condition.kind, of: condition.of.map(draftOf) };
    case 'not':
      return { kind: 'not', condition: draftOf(condition.condition) };
    default: {
      const { kind, ...values } = condition;
      return { kind, values };
    }
  }
}

/** The draft the builder edits: a saved condition, always inside a group so conditions can be added beside it. */
export function editableDraft(condition: AudienceCondition | undefined): ConditionDraft {
  if (!condition) return { kind: 'all', of: [newCondition('performed')] };
  const draft = draftOf(condition);
  return draft.kind === 'all' || draft.kind === 'any' ? draft : { kind: 'all', of: [draft] };
}

/** The problems about exactly `path` or anything inside it, with the rest of their path kept for the message. */
export function problemsAt(problems: readonly Problem[], path: string): Problem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));
}

/** One line for a field's problems: "too small" or "1.value: expected a number" for a part inside it. */
export function problemText(problems: readonly Problem[], path: string): string | undefined {
  const here = problemsAt(problems, path);
  if (here.length === 0) return undefined;
  return here.map((p) => (p.path === path ? p.message : `${p.path.slice(path.length + 1)}: ${p.message}`)).join('; ');
}
