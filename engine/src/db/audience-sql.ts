import type { AudienceCondition, PerformedCondition, PropertyFilter, TraitDateCondition } from '../model/index.ts';

// An audience condition as one SQL boolean over a customers row `c` (and the events, enrollments and
// exposures tables), plus the next instant its answer can change by time passing alone. It agrees with
// the journey filters' JavaScript semantics (interpreter/match.ts): strict equality, numbers with
// numbers, strings with strings (in code-point order), a missing property only passing not-equals and
// not-exists. Every leaf is coalesced to true/false, so NOT never meets SQL's unknown. A day is 24 hours.
// A `performed` condition is compiled one of two ways: a subquery per customer (re-evaluating a few
// customers, as routing does), or columns of one grouped pass over the events (`EventCounts`, for
// evaluating everyone at once); both count the same events (`performedMatch`).

/** Collects query parameters and hands out their placeholders. */
export class SqlParams {
  readonly values: unknown[] = [];
  #now: string | undefined;
  constructor(private readonly at: Date) {}
  /** The placeholder of the evaluation instant, added the first time it is used (an unused parameter has no type). */
  now(): string {
    this.#now ??= `${this.add(this.at.toISOString())}::timestamptz`;
    return this.#now;
  }
  /** The placeholder of a new parameter with this value. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The SQL of one audience condition: `member` (boolean) and `nextCheck` (timestamptz or null). */
export interface AudienceSql {
  member: string;
  nextCheck: string;
}

const DAY = "interval '86400 seconds'";

/** `base -> 'a' -> 'b'`: `->` with a text key never indexes into an array, like readPath. */
function pathOf(base: string, property: string, p: SqlParams): string {
  return property.split('.').reduce((expr, part) => `(${expr} -> ${p.add(part)}::text)`, base);
}

/** A PropertyFilter over the jsonb `base` (traits or event properties). */
export function filterSql(base: string, f: PropertyFilter, p: SqlParams): string {
  const v = f.value;
  // Comparisons that can never hold add no parameters (an unused parameter has no type).
  if (
    (f.op === 'contains' && v === undefined) ||
    (['gt', 'gte', 'lt', 'lte'].includes(f.op) && typeof v !== 'number' && typeof v !== 'string')
  )
    return 'false';
  const x = pathOf(base, f.property, p);
  switch (f.op) {
    case 'exists':
      return `(coalesce(jsonb_typeof(${x}), 'null') <> 'null')`;
    case 'not-exists':
      return `(coalesce(jsonb_typeof(${x}), 'null') = 'null')`;
    case 'equals':
      return v === undefined ? `(${x} is null)` : `coalesce(${x} = ${p.add(JSON.stringify(v))}::jsonb, false)`;
    case 'not-equals':
      return v === undefined
        ? `(${x} is not null)`
        : `(not coalesce(${x} = ${p.add(JSON.stringify(v))}::jsonb, false))`;
    case 'contains':
      return `coalesce(case jsonb_typeof(${x}) when 'string' then strpos(${x} #>> '{}', ${p.add(String(v ?? ''))}::text) > 0
        when 'array' then exists (select 1 from jsonb_array_elements(${x}) el where el = ${p.add(JSON.stringify(v))}::jsonb)
        else false end, false)`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const sign = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[f.op];
      if (typeof v === 'number')
        return `coalesce(case when jsonb_typeof(${x}) = 'number' then (${x} #>> '{}')::numeric ${sign} ${p.add(String(v))}::numeric else false end, false)`;
      if (typeof v === 'string')
        return `coalesce(case when jsonb_typeof(${x}) = 'string' then (${x} #>> '{}') collate "C" ${sign} ${p.add(v)}::text collate "C" else false end, false)`;
      return 'false';
    }
  }
}

/** The instants (as SQL) where a date condition's answer flips, and the condition itself. */
function traitDateSql(c: TraitDateCondition, p: SqlParams): AudienceSql {
  const now = p.now();
  const d = `audience_instant(${pathOf('c.traits', c.property, p)})`;
  const span = `(${p.add(c.days)}::int * ${DAY})`;
  const [member, flips] = {
    'within-next': [`${now} >= ${d} - ${span} and ${now} < ${d}`, [`${d} - ${span}`, d]],
    'within-last': [`${now} >= ${d} and ${now} < ${d} + ${span}`, [d, `${d} + ${span}`]],
    'more-than-ago': [`${now} >= ${d} + ${span}`, [`${d} + ${span}`]],
    'more-than-ahead': [`${now} < ${d} - ${span}`, [`${d} - ${span}`]],
  }[c.when] as [string, string[]];
  return {
    member: `coalesce(${member}, false)`,
    nextCheck: `least(${flips.map((f) => `case when ${f} > ${now} then ${f} end`).join(', ')})`,
  };
}

/** The events a `performed` condition counts, as SQL over an events row `e` (any customer's), and its window. */
export function performedMatch(c: PerformedCondition, p: SqlParams): { match: string; span: string | undefined } {
  const where = [
    "e.type = 'track'",
    `e.event = ${p.add(c.event)}::text`,
    ...c.where.map((f) => filterSql('e.properties', f, p)),
  ];
  const span = c.withinDays === undefined ? undefined : `(${p.add(c.withinDays)}::int * ${DAY})`;
  if (span) where.push(`e.timestamp > ${p.now()} - ${span}`);
  return { match: `(${where.join(' and ')})`, span };
}

/** How a count of events compares with the condition's number of times. */
export function timesSql(c: PerformedCondition, count: string, p: SqlParams): string {
  return `(${count} ${{ 'at-least': '>=', 'at-most': '<=', exactly: '=' }[c.op]} ${p.add(c.times)}::int)`;
}

/** A `performed` condition as subqueries of the customer `c`'s events (cheap for a few customers). */
function performedPerCustomer(c: PerformedCondition, p: SqlParams): AudienceSql {
  const { match, span } = performedMatch(c, p);
  const theirs = `e.user_id = c.user_id and ${match}`;
  return {
    member: timesSql(c, `(select count(*) from events e where ${theirs})`, p),
    // The oldest counted event leaves the window first; the count can change no sooner.
    nextCheck: span ? `((select min(e.timestamp) from events e where ${theirs}) + ${span})` : 'null::timestamptz',
  };
}

/** Where `performed` conditions get their counts when everyone is evaluated at once. */
export interface PerformedCounts {
  performed(c: PerformedCondition, p: SqlParams): AudienceSql;
}

/**
 * Compiles a condition, evaluated at the instant `p` was made for. With `counts`, `performed`
 * conditions read the columns of its grouped pass instead of a subquery per customer.
 */
export function audienceSql(c: AudienceCondition, p: SqlParams, counts?: PerformedCounts): AudienceSql {
  switch (c.kind) {
    case 'trait':
      return { member: filterSql('c.traits', c, p), nextCheck: 'null::timestamptz' };
    case 'trait-date':
      return traitDateSql(c, p);
    case 'performed':
      return counts ? counts.performed(c, p) : performedPerCustomer(c, p);
    case 'journey': {
      const status = { in: " and en.status = 'active'", completed: " and en.status = 'completed'", entered: '' }[
        c.state
      ];
      return {
        member: `exists (select 1 from enrollments en where en.user_id = c.user_id and en.journey_id = ${p.add(c.journeyId)}::text${status})`,
        nextCheck: 'null::timestamptz',
      };
    }
    case 'arm':
      return {
        member: `exists (select 1 from experiment_exposures x where x.user_id = c.user_id and x.journey_id = ${p.add(c.journeyId)}::text
          and x.variant = ${p.add(c.arm)}::text${c.splitId === undefined ? '' : ` and x.split_id = ${p.add(c.splitId)}::text`})`,
        nextCheck: 'null::timestamptz',
      };
    case 'all':
    case 'any': {
      const parts = c.of.map((child) => audienceSql(child, p, counts));
      return {
        member: `(${parts.map((s) => s.member).join(c.kind === 'all' ? ' and ' : ' or ')})`,
        nextCheck: `least(${parts.map((s) => s.nextCheck).join(', ')})`,
      };
    }
    case 'not': {
      const inner = audienceSql(c.condition, p, counts);
      return { member: `(not ${inner.member})`, nextCheck: inner.nextCheck };
    }
  }
}
