import { z } from 'zod';
import { readPath } from '../../interpreter/match.ts';
import { IDENTIFY_EVENT } from '../context.ts';
import { defineTrigger } from '../define.ts';
import { withHints } from '../field-hints.ts';

const Value = z.union([z.string(), z.number(), z.boolean()]);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Enrols a customer when an identify call changes one of their traits (e.g. `plan` becomes `pro`). */
export const traitChanged = defineTrigger({
  type: 'trait-changed',
  version: 1,
  label: 'When a trait changes',
  group: 'Triggers',
  icon: 'user-check',
  description:
    'Starts the journey when an identify call changes a customer trait, optionally only from or to given values.',
  configSchema: z.object({
    trait: withHints(z.string().min(1), { widget: 'trait' }),
    to: Value.optional(),
    from: Value.optional(),
  }),
  summary: (c) =>
    `When ${c.trait}${c.from === undefined ? '' : ` goes from ${String(c.from)}`}${c.to === undefined ? ' changes' : ` becomes ${String(c.to)}`}`,
  events: () => [IDENTIFY_EVENT],
  matches: (event, c) => {
    if (event.type !== 'identify') return false;
    const before = readPath(event.previousTraits, c.trait);
    const after = readPath(event.traits, c.trait);
    return (
      !same(before, after) && (c.to === undefined || after === c.to) && (c.from === undefined || before === c.from)
    );
  },
});
