import { z } from 'zod';
import type { SimulationAnswer } from '../../api/shapes.ts';

const COMPARISON = /^\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** A bound on a count: a number (exactly that) or a comparison such as ">= 900", "< 50", "== 0". */
export const Bound = z.union([
  z.number(),
  z.string().regex(COMPARISON, 'write a comparison such as ">= 900", "< 50" or "== 0"'),
]);
export type Bound = z.infer<typeof Bound>;

const PerNode = z.record(z.string(), Bound);

/**
 * What a simulation must show (the file `journeys simulate --expect` reads). Counts are over the
 * simulated customers: `reached` = entered the node, `waiting` = still there at the end, `exited` =
 * left the journey there; `emails` = emails sent in total. Example: `{ "reached": { "welcome": ">= 900" } }`.
 */
export const Expectations = z.strictObject({
  reached: PerNode.optional(),
  waiting: PerNode.optional(),
  exited: PerNode.optional(),
  emails: Bound.optional(),
});
export type Expectations = z.infer<typeof Expectations>;

/** Whether `actual` is within `bound`. */
function holds(bound: Bound, actual: number): boolean {
  if (typeof bound === 'number') return actual === bound;
  const [, op, text] = COMPARISON.exec(bound) ?? [];
  const limit = Number(text);
  if (op === '>=') return actual >= limit;
  if (op === '<=') return actual <= limit;
  if (op === '>') return actual > limit;
  if (op === '<') return actual < limit;
  return actual === limit;
}

const said = (bound: Bound) => (typeof bound === 'number' ? `== ${bound}` : bound.trim());

/** Each expectation the simulation does not meet, worded for the user (empty when all hold). */
export function unmetExpectations(expected: Expectations, result: SimulationAnswer): string[] {
  const unmet: string[] = [];
  const counts = { reached: 'entered', waiting: 'waiting', exited: 'exited' } as const;
  for (const kind of ['reached', 'waiting', 'exited'] as const) {
    for (const [nodeId, bound] of Object.entries(expected[kind] ?? {})) {
      const stats = result.nodes[nodeId];
      if (!stats) {
        unmet.push(`${kind}.${nodeId}: the journey has no node "${nodeId}"`);
        continue;
      }
      const actual = stats[counts[kind]];
      if (!holds(bound, actual)) unmet.push(`${kind}.${nodeId}: expected ${said(bound)}, got ${actual}`);
    }
  }
  if (expected.emails !== undefined) {
    const emails = result.emailsByDay.reduce((sum, d) => sum + d.count, 0);
    if (!holds(expected.emails, emails)) unmet.push(`emails: expected ${said(expected.emails)}, got ${emails}`);
  }
  return unmet;
}
