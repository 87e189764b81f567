import type { ScenarioResult } from '../scenario.ts';
import { apiKills } from './api-kills.ts';
import { postgresRestart } from './postgres-restart.ts';
import { smtpOutage } from './smtp-outage.ts';
import { temporalRestart } from './temporal-restart.ts';
import { workerKills } from './worker-kills.ts';

/** The knobs every scenario reads; `npm run chaos` uses FULL_SIZES, the vitest file SMALL_SIZES. */
export interface ChaosSizes {
  customers: number;
  /** Worker and API kills. */
  kills: number;
  /** How long the SMTP relay refuses connections. */
  smtpOutageMs: number;
  /** How long the relay refuses connections after it was cut off like a crash. */
  smtpCrashMs: number;
  /** How long Postgres and Temporal stay stopped. */
  downMs: number;
  /** The drip's delay between emails. */
  delaySeconds: number;
  /** How long a scenario may take to settle after its chaos. */
  settleMs: number;
}

/** The sizes of `npm run chaos`. */
export const FULL_SIZES: ChaosSizes = {
  customers: 500,
  kills: 10,
  smtpOutageMs: 10 * 60_000,
  smtpCrashMs: 30_000,
  downMs: 10_000,
  delaySeconds: 5,
  settleMs: 20 * 60_000,
};

/** The sizes of the in-`npm test` version: a short SMTP outage, a few kills. */
export const SMALL_SIZES: ChaosSizes = {
  customers: 60,
  kills: 3,
  smtpOutageMs: 20_000,
  smtpCrashMs: 10_000,
  downMs: 5_000,
  delaySeconds: 2,
  settleMs: 150_000,
};

/** Every scenario by name, each taking the sizes and a progress log. */
export const SCENARIOS: Record<string, (s: ChaosSizes, log: (line: string) => void) => Promise<ScenarioResult>> = {
  'worker-kills': (s, log) =>
    workerKills({ customers: s.customers, kills: s.kills, delaySeconds: s.delaySeconds, settleMs: s.settleMs, log }),
  'smtp-outage': (s, log) =>
    smtpOutage({
      customers: s.customers,
      outageMs: s.smtpOutageMs,
      delaySeconds: s.delaySeconds,
      settleMs: s.settleMs,
      log,
    }),
  'smtp-crash': (s, log) =>
    smtpOutage({
      customers: s.customers,
      outageMs: s.smtpCrashMs,
      delaySeconds: s.delaySeconds,
      settleMs: s.settleMs,
      log,
      abrupt: true,
    }),
  'api-kills': (s, log) =>
    apiKills({ customers: s.customers, kills: s.kills, delaySeconds: s.delaySeconds, settleMs: s.settleMs, log }),
  'postgres-restart': (s, log) =>
    postgresRestart({
      customers: s.customers,
      downMs: s.downMs,
      delaySeconds: s.delaySeconds,
      settleMs: s.settleMs,
      log,
    }),
  'temporal-restart': (s, log) =>
    temporalRestart({
      customers: s.customers,
      downMs: s.downMs,
      delaySeconds: s.delaySeconds,
      settleMs: s.settleMs,
      log,
    }),
};
