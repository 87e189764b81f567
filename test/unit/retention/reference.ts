import { DateTime } from 'luxon';

// A plain, brute-force reading of the retention definitions over an in-memory history, written
// independently of the SQL: the property tests compare the engine's answers against it.

/** One event of a random history. */
export interface HistoryEvent {
  seq: number;
  userId: string;
  type: 'track' | 'page';
  event: string;
  at: number;
  mrr?: number;
}

const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone });

/** The index N of the period (of `unit`) holding `at`, counting from the period that begins at `cohortStart` (N = 0). */
function periodIndex(cohortStart: DateTime, at: number, unit: 'week' | 'month'): number {
  let n = 0;
  while (cohortStart.plus({ [`${unit}s`]: n + 1 }).toMillis() <= at) n++;
  return n;
}

/** The retention triangle by brute force: per cohort, its size and the exact and unbounded rates for each observed period. */
export function referenceTriangle(
  history: HistoryEvent[],
  q: { unit: 'week' | 'month'; zone: string; cohortEvent: string; returnEvent: string; start: number; end: number },
) {
  const users = [...new Set(history.map((e) => e.userId))];
  const cohorts = new Map<string, { start: DateTime; members: Array<Set<number>> }>();
  for (const user of users) {
    const firsts = history.filter((e) => e.userId === user && e.event === q.cohortEvent).map((e) => e.at);
    if (firsts.length === 0) continue;
    const first = Math.min(...firsts);
    if (first < q.start || first >= q.end) continue;
    const start = local(first, q.zone).startOf(q.unit);
    const key = start.toFormat('yyyy-MM-dd');
    const returned = new Set(
      history
        .filter((e) => e.userId === user && e.event === q.returnEvent && e.at >= first && e.at < q.end)
        .map((e) => periodIndex(start, e.at, q.unit)),
    );
    const cohort = cohorts.get(key) ?? { start, members: [] };
    cohort.members.push(returned);
    cohorts.set(key, cohort);
  }
  return [...cohorts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cohort, c]) => {
      let observed = 0;
      while (c.start.plus({ [`${q.unit}s`]: observed }).toMillis() < q.end) observed++;
      const size = c.members.length;
      const range = Array.from({ length: observed }, (_, n) => n);
      return {
        cohort,
        size,
        exact: range.map((n) => c.members.filter((m) => m.has(n)).length / size),
        unbounded: range.map((n) => c.members.filter((m) => [...m].some((k) => k >= n)).length / size),
      };
    });
}

/** Lifecycle counts by brute force for each calendar bucket that begins in [start, end). */
export function referenceLifecycle(
  history: HistoryEvent[],
  q: { unit: 'day' | 'week' | 'month' | 'quarter'; zone: string; start: number; end: number },
) {
  const active = new Map<string, Set<number>>();
  for (const e of history) {
    if (e.at >= q.end) continue;
    const bucket = local(e.at, q.zone).startOf(q.unit).toMillis();
    active.set(e.userId, (active.get(e.userId) ?? new Set()).add(bucket));
  }
  const out: Array<{ bucket: string; new: number; returning: number; resurrecting: number; dormant: number }> = [];
  for (let b = local(q.start, q.zone).startOf(q.unit); b.toMillis() < q.end; b = b.plus({ [`${q.unit}s`]: 1 })) {
    const now = b.toMillis();
    const previous = b.minus({ [`${q.unit}s`]: 1 }).toMillis();
    const row = { bucket: b.toFormat("yyyy-MM-dd'T'HH:mm:ss"), new: 0, returning: 0, resurrecting: 0, dormant: 0 };
    for (const buckets of active.values()) {
      const first = Math.min(...buckets);
      if (buckets.has(now)) {
        if (first === now) row.new++;
        else if (buckets.has(previous)) row.returning++;
        else row.resurrecting++;
      } else if (buckets.has(previous)) row.dormant++;
    }
    out.push(row);
  }
  return out;
}

/** The subscription state of one customer just before `t`: the MRR of their last subscription event, or undefined when cancelled or none. */
function mrrBefore(history: HistoryEvent[], user: string, t: number): number | undefined {
  const last = history
    .filter((e) => e.userId === user && e.event.startsWith('Subscription ') && e.at < t)
    .sort((a, b) => a.at - b.at || a.seq - b.seq)
    .at(-1);
  return !last || last.event === 'Subscription Cancelled' ? undefined : (last.mrr ?? 0);
}

/** Customer counts and MRR movements of [start, end) by brute force (subscription churn, one currency). */
export function referenceCustomers(history: HistoryEvent[], start: number, end: number, zone: string) {
  const users = [...new Set(history.map((e) => e.userId))];
  const r = {
    CS: 0,
    CE: 0,
    CN: 0,
    mrrStart: 0,
    mrrEnd: 0,
    new: 0,
    reactivation: 0,
    expansion: 0,
    contraction: 0,
    churned: 0,
    activeDays: 0,
    activeInPeriod: 0,
  };
  const days = new Set<string>();
  for (const u of users) {
    const s = mrrBefore(history, u, start);
    const e = mrrBefore(history, u, end);
    const hadMrrBefore = history.some(
      (x) =>
        x.userId === u &&
        x.at < start &&
        ['Subscription Started', 'Subscription Changed'].includes(x.event) &&
        (x.mrr ?? 0) > 0,
    );
    if (s !== undefined) r.CS++;
    if (e !== undefined) r.CE++;
    if (e !== undefined && s === undefined) r.CN++;
    const m0 = s ?? 0;
    const m1 = e ?? 0;
    r.mrrStart += m0;
    r.mrrEnd += m1;
    if (m0 === 0 && m1 > 0) {
      if (hadMrrBefore) r.reactivation += m1;
      else r.new += m1;
    }
    if (m0 > 0 && m1 > m0) r.expansion += m1 - m0;
    if (m0 > 0 && m1 > 0 && m1 < m0) r.contraction += m0 - m1;
    if (m0 > 0 && m1 === 0) r.churned += m0;
    const inPeriod = history.filter((x) => x.userId === u && x.at >= start && x.at < end);
    if (inPeriod.length > 0) r.activeInPeriod++;
    for (const x of inPeriod) days.add(`${u} ${DateTime.fromMillis(x.at, { zone }).toISODate()}`);
  }
  r.activeDays = days.size;
  return r;
}

/** Shop customers by brute force: someone with an order in the `days` local days before each instant. */
export function referenceShopCustomers(
  history: HistoryEvent[],
  start: number,
  end: number,
  days: number,
  zone: string,
) {
  const at = (t: number) =>
    new Set(
      history
        .filter(
          (e) =>
            e.event === 'Order Completed' &&
            e.at < t &&
            e.at >= DateTime.fromMillis(t, { zone }).minus({ days }).toMillis(),
        )
        .map((e) => e.userId),
    );
  const s = at(start);
  const e = at(end);
  return { CS: s.size, CE: e.size, CN: [...e].filter((u) => !s.has(u)).length };
}
