import { describe, expect, it } from 'vitest';
import { resultDetails, resultLine } from '../chaos/report.ts';
import type { ScenarioResult } from '../chaos/scenario.ts';
import { SCENARIOS, SMALL_SIZES } from '../chaos/scenarios/index.ts';

// `npm run chaos` in small: each scenario on its own real stack (Postgres, a Temporal dev server run
// apart, Boomerang's processes, an SMTP relay in this process that counts what arrives), with a few
// customers, a few kills and a 20-second SMTP outage. Every email must reach the relay exactly once;
// sends Boomerang reports in doubt are listed with the relay's count for them.
const log = process.env.CHAOS_LOG ? (line: string) => console.error(line) : () => undefined;

async function run(name: string): Promise<ScenarioResult> {
  const result = await SCENARIOS[name]!(SMALL_SIZES, log);
  const report = [resultLine(result), ...resultDetails(result)].join('\n');
  expect(result.error, report).toBeUndefined();
  expect(result.tally.lost, report).toEqual([]);
  expect(result.tally.duplicated, report).toEqual([]);
  expect(result.tally.unexpected, report).toEqual([]);
  // every email either arrived or is one of the sends reported in doubt, each of those named by recipient
  expect(result.tally.sent + result.tally.inDoubt.filter((d) => d.delivered === 0).length, report).toBe(
    result.tally.expected,
  );
  for (const d of result.tally.inDoubt) expect(d.recipient, report).toMatch(/@example\.com$/);
  return result;
}

describe('chaos, in small', () => {
  it('SIGKILLing the worker three times mid-drip loses no email and sends none twice', async () => {
    expect((await run('worker-kills')).notes).toContain(`${SMALL_SIZES.kills} worker kills`);
  }, 300_000);

  it('an SMTP relay refusing connections for 20 s delays the emails but loses none', async () => {
    await run('smtp-outage');
  }, 300_000);

  it('SIGKILLing the API under load loses no acknowledged event, stores none twice, and every email goes out once', async () => {
    await run('api-kills');
  }, 300_000);

  it('restarting the Temporal dev server mid-run: runs carry on, nothing lost or doubled', async () => {
    await run('temporal-restart');
  }, 300_000);

  it('restarting Postgres mid-run: clients reconnect, LISTEN resumes, nothing lost or doubled', async () => {
    await run('postgres-restart');
  }, 300_000);
});
