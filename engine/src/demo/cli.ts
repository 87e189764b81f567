// `npm run demo`: fills a running Boomerang with a seeded customer history through /v1/import, and
// (unless --no-live) publishes a starter journey with a holdout and sends a recent slice live.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.ts';
import {
  batchesOf,
  demoCustomers,
  DemoOptions,
  historyAndLive,
  ImportError,
  LiveOptions,
  publishWithHoldout,
  sendBatches,
  type DemoCall,
  type LiveCalls,
  type LiveSlice,
} from './index.ts';

const usage = `Usage: npm run demo -- [options]
  --customers N     customers to make (default 20000)
  --months N        months of history, ending at --end (default 12)
  --seed N          the same seed and options make the same history (default 1)
  --extra-activity N  extra page views per customer on average (default 0; 7 makes about 20 events a customer)
  --end DATE        when the history ends, ISO 8601 (default now)
  --url URL         the instance (default BOOMERANG_URL, else http://HOST:PORT of the configuration)
  --write-key KEY   its write key (default WRITE_KEY, else DATA_DIR/keys.json written at first start)
  --in-flight N     batches sent at once (default 4)
  --no-live         send history only (no journey starts)
  --journey ID      the starter journey published with a holdout for the live slice (default onboarding)
  --holdout N       its holdout in percent (default 15)
  --live-days N     customers who signed up in the last N days before --end are sent live (default 2, at most 6)
  --live-customers N  at most this many live customers (default 300)
  --admin-token T   the instance's admin token, to publish the journey (default ADMIN_TOKEN, else DATA_DIR/keys.json)`;

const number = (n: number) => n.toLocaleString('en-US');

/** Where to send: flags first, then BOOMERANG_URL / WRITE_KEY / ADMIN_TOKEN, then the configuration `npm start` uses. */
function target(
  flags: { url?: string | undefined; 'write-key'?: string | undefined; 'admin-token'?: string | undefined },
  needsAdmin: boolean,
): { url: string; writeKey: string; adminToken: string | undefined } {
  const url = flags.url ?? process.env.BOOMERANG_URL;
  const adminToken = flags['admin-token'] ?? process.env.ADMIN_TOKEN;
  if (url && flags['write-key'] && (adminToken || !needsAdmin))
    return { url, writeKey: flags['write-key'], adminToken };
  const config = loadConfig();
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: url ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`,
    writeKey: flags['write-key'] ?? config.writeKey,
    adminToken: adminToken ?? config.adminToken,
  };
}

const DAY = 86_400_000;

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      customers: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      'extra-activity': { type: 'string' },
      end: { type: 'string' },
      url: { type: 'string' },
      'write-key': { type: 'string' },
      'in-flight': { type: 'string' },
      'no-live': { type: 'boolean' },
      journey: { type: 'string' },
      holdout: { type: 'string' },
      'live-days': { type: 'string' },
      'live-customers': { type: 'string' },
      'admin-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (flags.help) {
    console.log(usage);
    return;
  }
  const parsed = DemoOptions.safeParse({
    customers: flags.customers,
    months: flags.months,
    seed: flags.seed,
    extraActivity: flags['extra-activity'],
    end: flags.end ?? new Date().toISOString(),
  });
  const liveParsed = LiveOptions.safeParse({
    live: flags['no-live'] !== true,
    journey: flags.journey,
    holdoutPercent: flags.holdout,
    liveDays: flags['live-days'],
    liveCustomers: flags['live-customers'],
  });
  const flagOf: Record<string, string> = {
    holdoutPercent: 'holdout',
    liveDays: 'live-days',
    liveCustomers: 'live-customers',
    extraActivity: 'extra-activity',
  };
  if (!liveParsed.success)
    throw new ImportError(
      `Invalid options:\n${liveParsed.error.issues.map((i) => `  --${flagOf[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('\n')}\n${usage}`,
    );
  if (!parsed.success)
    throw new ImportError(
      `Invalid options:\n${parsed.error.issues.map((i) => `  --${flagOf[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`).join('\n')}\n${usage}`,
    );
  const inFlight = Number(flags['in-flight'] ?? 4);
  if (!Number.isInteger(inFlight) || inFlight < 1 || inFlight > 64)
    throw new ImportError(`--in-flight: a whole number from 1 to 64, got ${flags['in-flight']}`);
  const options = parsed.data;
  const liveOptions = liveParsed.data;
  const { url, writeKey, adminToken } = target(flags, liveOptions.live);
  const slice = await liveSliceOf(liveOptions, options.end, url, adminToken);
  console.log(
    `Importing ${number(options.customers)} demo customers over ${options.months} months up to ${options.end} (seed ${options.seed}) into ${url}/v1/import`,
  );

  const byName = new Map<string, number>();
  let customers = 0;
  const live: LiveCalls = { customers: [], calls: [] };
  const count = (call: DemoCall) => {
    const name = call.type === 'track' ? call.event : call.type === 'page' ? 'Page Viewed' : 'identify';
    byName.set(name, (byName.get(name) ?? 0) + 1);
  };
  function* customersCounted() {
    for (const customer of demoCustomers(options)) {
      customers += 1;
      customer.calls.forEach(count);
      yield customer;
    }
  }
  const counted = () => historyAndLive(customersCounted(), slice, live);
  const started = performance.now();
  let sent = 0;
  let lastPrint = started;
  const result = await sendBatches(batchesOf(counted()), {
    url,
    writeKey,
    inFlight,
    onBatch: (batch) => {
      sent += batch.calls;
      const now = performance.now();
      if (now - lastPrint < 5000) return;
      lastPrint = now;
      console.log(
        `  ${number(sent)} calls sent, ${number(customers)} customers made, ${number(Math.round(sent / ((now - started) / 1000)))} calls/s`,
      );
    },
  });
  if (slice && live.calls.length > 0) {
    const sentLive = await sendBatches(batchesOf(live.calls), { url, writeKey, inFlight, live: true });
    for (const key of ['batches', 'calls', 'stored', 'duplicates'] as const) result[key] += sentLive[key];
    console.log(
      `Live: ${number(live.customers.length)} customers who signed up since ${new Date(slice.fromMs).toISOString()} sent ${number(live.calls.length)} calls through ${url}/v1/batch; they enter ${liveOptions.journey} with ${liveOptions.holdoutPercent}% held out. Its impact shows on the dashboard once their window (90 days by default) has closed.`,
    );
  } else if (slice) console.log(`Live: no customer signed up since ${new Date(slice.fromMs).toISOString()}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Done in ${seconds.toFixed(1)} s: ${number(customers)} customers, ${number(result.calls)} calls in ${number(result.batches)} batches, ${number(Math.round(result.calls / seconds))} events/s`,
  );
  console.log(
    `Stored ${number(result.stored)} new; ${number(result.duplicates)} were there already (same seed imported before)`,
  );
  console.log('Events by name:');
  for (const [name, count] of [...byName].sort((a, b) => b[1] - a[1]))
    console.log(`  ${name.padEnd(30)} ${number(count).padStart(10)}`);
}

/** The live slice, once its journey is live with the holdout; undefined (said why) when there is none. */
async function liveSliceOf(
  live: LiveOptions,
  end: string,
  url: string,
  adminToken: string | undefined,
): Promise<LiveSlice | undefined> {
  if (!live.live) return undefined;
  if (Date.parse(end) < Date.now() - DAY) {
    console.log('Live traffic skipped: --end is more than a day ago, so its recent calls would be history anyway');
    return undefined;
  }
  if (!adminToken)
    throw new ImportError('Publishing the holdout journey needs the admin token: --admin-token or ADMIN_TOKEN');
  const journey = await publishWithHoldout({ url, adminToken, journeyId: live.journey, percent: live.holdoutPercent });
  if (journey.outcome === 'missing') {
    console.log(`Live traffic skipped: there is no journey "${live.journey}" (see GET /v1/journeys)`);
    return undefined;
  }
  console.log(
    journey.outcome === 'published'
      ? `Published ${journey.name} as version ${journey.version} with ${live.holdoutPercent}% held out`
      : `${journey.name} is live (version ${journey.version}) with ${live.holdoutPercent}% held out already`,
  );
  return { fromMs: Date.parse(end) - live.liveDays * DAY, maxCustomers: live.liveCustomers, signUpEvent: 'Signed Up' };
}

main().catch((error: unknown) => {
  if (error instanceof ImportError || error instanceof ConfigError)
    console.error(`Demo import stopped: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
