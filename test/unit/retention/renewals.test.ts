import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCsv } from '../../../engine/src/api/metric-csv.ts';
import { migrate, openDatabase, type Database } from '../../../engine/src/db/index.ts';
import { EventStore, type IncomingEvent } from '../../../engine/src/events/index.ts';
import { retentionReport } from '../../../engine/src/reports/index.ts';
import { earlyRenewalRate, RetentionReport, RetentionSettings } from '../../../engine/src/retention/index.ts';
import { startPostgres, type PostgresServer } from '../../support/postgres.ts';

// Early renewals in February and March 2026 (UTC), worked out by hand. A renewal is early when it comes
// before the latest contract end its customer stated before renewing (subscription event or trait).
//   r1: Started Jan 1, contract_end Mar 31; Renewed Mar 10                    -> known end, early
//   r2: Started Jan 1, contract_end Mar 5; Renewed Mar 20                     -> known end, late
//   r3: identify contract_end Apr 30 (trait), Started Feb 1 without one; Renewed Mar 15 -> known end, early
//   r4: Started Feb 1, no contract end anywhere; Renewed Mar 12               -> no known end
//   r5: Started Jan 1, contract_end Jun 30; Changed Feb 10, contract_end Mar 2; Renewed Mar 25
//       -> the latest statement (Mar 2) is in force: known end, late
//   r6: Renewed Mar 8 stating contract_end Dec 31 (its own next term), nothing before -> no known end;
//       Renewed again Mar 28 -> judged by the Mar 8 statement (Dec 31): known end, early
//   r7: Started Jan 1, contract_end "next spring" (not a date); Renewed Mar 18 -> no known end
//   r8: Started Jan 1, contract_end Feb 28; Renewed Feb 15                    -> February: known end, early
//   r9: Cancelled Jan 20 with contract_end Jun 1 (the end it cut short, not one in force); Renewed Mar 2 -> no known end
// March: renewals r1 r2 r3 r4 r5 r6 r6 r7 r9 = 9; known end r1 r2 r3 r5 r6(28th) = 5; early r1 r3 r6(28th) = 3 -> 3/5.
// February: 1 renewal, 1 known, 1 early -> 1.

const at = (day: string) => new Date(`2026-${day}T09:00:00Z`).toISOString();
let n = 0;
const track = (
  userId: string,
  event: string,
  day: string,
  properties: Record<string, unknown> = {},
): IncomingEvent => ({
  type: 'track',
  messageId: `m-${++n}`,
  userId,
  anonymousId: undefined,
  event,
  properties,
  traits: {},
  context: {},
  timestamp: at(day),
});
const identify = (userId: string, day: string, traits: Record<string, unknown>): IncomingEvent => ({
  ...track(userId, 'unused', day),
  type: 'identify',
  event: undefined,
  traits,
});
const ends = (date: string) => ({ contract_end: date });

const HISTORY: IncomingEvent[] = [
  track('r1', 'Subscription Started', '01-01', ends('2026-03-31')),
  track('r1', 'Subscription Renewed', '03-10', ends('2027-03-31')),
  track('r2', 'Subscription Started', '01-01', ends('2026-03-05')),
  track('r2', 'Subscription Renewed', '03-20'),
  identify('r3', '02-01', ends('2026-04-30')),
  track('r3', 'Subscription Started', '02-01'),
  track('r3', 'Subscription Renewed', '03-15'),
  track('r4', 'Subscription Started', '02-01'),
  track('r4', 'Subscription Renewed', '03-12'),
  track('r5', 'Subscription Started', '01-01', ends('2026-06-30')),
  track('r5', 'Subscription Changed', '02-10', ends('2026-03-02')),
  track('r5', 'Subscription Renewed', '03-25'),
  track('r6', 'Subscription Renewed', '03-08', ends('2026-12-31')),
  track('r6', 'Subscription Renewed', '03-28'),
  track('r7', 'Subscription Started', '01-01', ends('next spring')),
  track('r7', 'Subscription Renewed', '03-18'),
  track('r8', 'Subscription Started', '01-01', ends('2026-02-28')),
  track('r8', 'Subscription Renewed', '02-15'),
  track('r9', 'Subscription Cancelled', '01-20', ends('2026-06-01')),
  track('r9', 'Subscription Renewed', '03-02'),
];

describe('early renewal rate (pure)', () => {
  it('is early over known contract ends, with its inputs and formula', () => {
    expect(earlyRenewalRate({ renewals: 9, withContractEnd: 5, early: 3 })).toEqual({
      value: 0.6,
      inputs: { early: 3, withContractEnd: 5, renewals: 9 },
      formula: 'early / withContractEnd',
    });
  });
  it('is undefined, said in words, when no renewal had a known contract end', () => {
    const f = earlyRenewalRate({ renewals: 4, withContractEnd: 0, early: 0 });
    expect(f.value).toBeUndefined();
    expect(f.reason).toBe('no renewal in the period came after a known contract end date');
  });
});

describe.each(['pglite', 'postgres'] as const)('early renewal rate on %s', (kind) => {
  let db: Database;
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = kind === 'postgres' ? await startPostgres() : undefined;
    db = await openDatabase({ databaseUrl: server?.url, dataDir: mkdtempSync(join(tmpdir(), 'boomerang-renewals-')) });
    await migrate(db);
    expect((await new EventStore(db).append(HISTORY)).stored).toBe(HISTORY.length);
  }, 90_000);
  afterAll(async () => {
    await db?.close();
    await server?.stop();
  });

  const report = async (start: string, end: string) => {
    const r = await retentionReport(db, RetentionSettings.parse({}), { start, end, granularity: 'month' });
    if ('violations' in r) throw new Error(JSON.stringify(r.violations));
    expect(RetentionReport.safeParse(r).success).toBe(true);
    return r;
  };

  it('counts each month apart, judging each renewal by the contract end in force before it', async () => {
    const r = await report('2026-02-01T00:00:00Z', '2026-04-01T00:00:00Z');
    expect(r.buckets.map((b) => b.earlyRenewalRate)).toEqual([
      { value: 1, inputs: { early: 1, withContractEnd: 1, renewals: 1 }, formula: 'early / withContractEnd' },
      { value: 0.6, inputs: { early: 3, withContractEnd: 5, renewals: 9 }, formula: 'early / withContractEnd' },
    ]);
  });

  it('appears in the CSV with its inputs and formula, and says why it is undefined in a month without renewals', async () => {
    const csv = reportCsv(await report('2026-03-01T00:00:00Z', '2026-05-01T00:00:00Z'));
    const lines = csv.split('\n').filter((l) => l.includes(',earlyRenewalRate,'));
    expect(lines).toEqual([
      '2026-03-01T00:00:00.000Z,2026-04-01T00:00:00.000Z,earlyRenewalRate,0.6,early=3; withContractEnd=5; renewals=9,early / withContractEnd,',
      '2026-04-01T00:00:00.000Z,2026-05-01T00:00:00.000Z,earlyRenewalRate,,early=0; withContractEnd=0; renewals=0,early / withContractEnd,no renewal in the period came after a known contract end date',
    ]);
  });
});
