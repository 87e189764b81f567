import { z } from 'zod';

// Every figure carries what it was computed from, so a user can check it by hand; a figure whose
// denominator is zero has no value and says why in words, instead of pretending to be 0 or 100%.

/** A computed figure: its value (undefined, with the reason, when it cannot be computed), inputs and formula. */
export const Figure = z.object({
  value: z.number().optional(),
  inputs: z.record(z.string(), z.number()),
  formula: z.string(),
  reason: z.string().optional(),
});
export type Figure = z.infer<typeof Figure>;

/** A figure from a formula whose denominator may be zero: `value` is computed only when `denominator` is not 0. */
export function figure(
  inputs: Record<string, number>,
  formula: string,
  denominator: number,
  value: () => number,
  whenZero: string,
): Figure {
  if (denominator === 0) return { value: undefined, inputs, formula, reason: whenZero };
  return { value: value(), inputs, formula };
}

/** A figure that is always defined (a count or a sum). */
export function known(value: number, inputs: Record<string, number>, formula: string): Figure {
  return { value, inputs, formula };
}

/** A figure that cannot be computed at all, with the reason. */
export function unknown(inputs: Record<string, number>, formula: string, reason: string): Figure {
  return { value: undefined, inputs, formula, reason };
}
