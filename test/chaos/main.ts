import { parseArgs } from 'node:util';
import { resultDetails, resultLine } from './report.ts';
import { FULL_SIZES, SCENARIOS, type ChaosSizes } from './scenarios/index.ts';

// `npm run chaos [-- <scenario> ... --customers N --kills N --smtp-outage-seconds N --smtp-crash-seconds N --down-seconds N --delay-seconds N]`:
// runs each scenario on a fresh stack on 127.0.0.1, prints one line per scenario, exits 1 when any fails.
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    customers: { type: 'string' },
    kills: { type: 'string' },
    'smtp-outage-seconds': { type: 'string' },
    'smtp-crash-seconds': { type: 'string' },
    'down-seconds': { type: 'string' },
    'delay-seconds': { type: 'string' },
    'settle-minutes': { type: 'string' },
    quiet: { type: 'boolean' },
  },
});

function count(flag: string, value: string | undefined, fallback: number, scale = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${flag} must be a whole number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return n * scale;
}

const sizes: ChaosSizes = {
  customers: count('customers', values.customers, FULL_SIZES.customers),
  kills: count('kills', values.kills, FULL_SIZES.kills),
  smtpOutageMs: count('smtp-outage-seconds', values['smtp-outage-seconds'], FULL_SIZES.smtpOutageMs, 1000),
  smtpCrashMs: count('smtp-crash-seconds', values['smtp-crash-seconds'], FULL_SIZES.smtpCrashMs, 1000),
  downMs: count('down-seconds', values['down-seconds'], FULL_SIZES.downMs, 1000),
  delaySeconds: count('delay-seconds', values['delay-seconds'], FULL_SIZES.delaySeconds),
  settleMs: count('settle-minutes', values['settle-minutes'], FULL_SIZES.settleMs, 60_000),
};
const unknown = positionals.filter((p) => !(p in SCENARIOS));
if (unknown.length > 0) {
  console.error(`Unknown scenario ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const chosen = positionals.length > 0 ? positionals : Object.keys(SCENARIOS);
const log = values.quiet
  ? () => undefined
  : (line: string) => console.error(`  [${new Date().toISOString().slice(11, 19)}] ${line}`);

let failed = 0;
for (const name of chosen) {
  const result = await SCENARIOS[name]!(sizes, log);
  if (!result.passed) failed += 1;
  console.log(resultLine(result));
  for (const line of resultDetails(result)) console.log(line);
}
console.log(
  failed === 0
    ? `chaos: all ${chosen.length} scenarios passed`
    : `chaos: ${failed} of ${chosen.length} scenarios failed`,
);
process.exit(failed === 0 ? 0 : 1);
