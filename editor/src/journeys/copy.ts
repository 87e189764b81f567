import { Journey } from '@boomerang/engine/journey';
import { freshId } from '../journey/clipboard.ts';

/** A journey id made from a name: "Win back 2" -> "win-back-2". */
export function idFromName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'journey'
  );
}

/** A copy of a stored draft under a free id and a "(copy)" name; an unreadable draft becomes a blank one. */
export function duplicateOf(draft: unknown, id: string, taken: ReadonlySet<string>): Journey {
  const parsed = Journey.safeParse(draft);
  const base: Journey = parsed.success
    ? parsed.data
    : { id, name: id, settings: { reEntry: 'never', exitOn: [], timezone: 'UTC' }, nodes: [], edges: [] };
  return { ...base, id: freshId(`${id}-copy`, taken), name: `${base.name} (copy)` };
}

/** A journey with nothing on it yet. */
export function blankJourney(name: string, taken: ReadonlySet<string>): Journey {
  return {
    id: freshId(idFromName(name), taken),
    name,
    settings: { reEntry: 'never', exitOn: [], timezone: 'UTC' },
    nodes: [],
    edges: [],
  };
}
