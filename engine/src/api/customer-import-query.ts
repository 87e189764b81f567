import { TraitType, type MappingRequest } from '../customer-import/index.ts';
import type { Problem } from '../events/index.ts';

/** The query prefix of one column's mapping: `map.<column>=<trait>[:<type>]`. */
export const MAP_PREFIX = 'map.';

/**
 * Reads the column mapping from a query: `map.<column>=<trait>` (text), `map.<column>=<trait>:<type>`
 * (type: string, number, boolean, date), `map.<column>=` to skip a column; `unmapped=keep|ignore`
 * says what the columns not named do (default: keep when none is named, else ignore).
 * @example mappingFromQuery({ 'map.Spent': 'ltv:number' }) // { columns: { Spent: { trait: 'ltv', type: 'number' } }, unmapped: 'ignore' }
 */
export function mappingFromQuery(query: Record<string, unknown>): MappingRequest | { problems: Problem[] } {
  const columns: MappingRequest['columns'] = {};
  const problems: Problem[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (!key.startsWith(MAP_PREFIX)) continue;
    const column = key.slice(MAP_PREFIX.length);
    if (typeof raw !== 'string') {
      problems.push({ path: key, message: `the column "${column}" is mapped more than once` });
      continue;
    }
    const text = raw.trim();
    if (column === '') problems.push({ path: key, message: 'map. needs a column name: map.<column>=<trait>' });
    else if (text === '' || text === '-') columns[column] = null;
    else {
      const colon = text.lastIndexOf(':');
      const typed = colon > 0 ? TraitType.safeParse(text.slice(colon + 1)) : undefined;
      const trait = typed?.success ? text.slice(0, colon) : text;
      if (colon > 0 && !typed?.success)
        problems.push({
          path: key,
          message: `"${text.slice(colon + 1)}" is not a type; use one of ${TraitType.options.join(', ')}`,
        });
      else if (trait.length > 200) problems.push({ path: key, message: 'a trait name has at most 200 characters' });
      else columns[column] = { trait, type: typed?.success ? typed.data : 'string' };
    }
  }
  if (problems.length > 0) return { problems };
  const unmapped = query.unmapped === 'keep' || query.unmapped === 'ignore' ? query.unmapped : undefined;
  return { columns, unmapped: unmapped ?? (Object.keys(columns).length > 0 ? 'ignore' : 'keep') };
}
