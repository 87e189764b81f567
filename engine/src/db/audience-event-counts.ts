import type { PerformedCondition } from '../model/index.ts';
import { performedMatch, timesSql, type AudienceSql, type PerformedCounts, type SqlParams } from './audience-sql.ts';

// Evaluating an audience over every customer at once: instead of two index scans per customer and
// `performed` condition, the events any such condition counts are read once, grouped by customer, and
// each condition becomes a column of that pass (a count, and for a window the oldest counted instant),
// left-joined to the customers. Customers with no counted event get no row, hence count 0.

const PASS = 'audience_events';

/** The grouped pass over the events for the `performed` conditions of one audience statement. */
export class EventCounts implements PerformedCounts {
  readonly #columns: string[] = [];
  readonly #matches: string[] = [];

  /** The member and next-check SQL of a `performed` condition, as columns of the pass. */
  performed(c: PerformedCondition, p: SqlParams): AudienceSql {
    const { match, span } = performedMatch(c, p);
    const n = this.#matches.push(match);
    this.#columns.push(`count(*) filter (where ${match}) as n${n}`);
    if (span) this.#columns.push(`min(e.timestamp) filter (where ${match}) as first${n}`);
    return {
      member: timesSql(c, `coalesce(${PASS}.n${n}, 0)`, p),
      // The oldest counted event leaves the window first; the count can change no sooner.
      nextCheck: span ? `(${PASS}.first${n} + ${span})` : 'null::timestamptz',
    };
  }

  /** The FROM clause: the customers `c`, joined to the pass when a compiled condition needs it. Call after compiling. */
  from(): string {
    if (this.#matches.length === 0) return 'customers c';
    return `customers c left join (
       select e.user_id, ${this.#columns.join(', ')} from events e
       where e.user_id is not null and (${this.#matches.join(' or ')})
       group by e.user_id) ${PASS} on ${PASS}.user_id = c.user_id`;
  }
}
