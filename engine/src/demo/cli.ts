// `npm run demo`: fills a running Boomerang with a seeded customer history through /v1/import.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.ts';
import { batchesOf, demoCustomers, DemoOptions, ImportError, sendBatches, type DemoCall } from './index.ts';

const usage = `Usage: npm run demo -- [options]
  --customers N     customers to make (default 20000)
  --months N        months of history, ending at --end (default 12)
  --seed N          the same seed and options make the same history (default 1)
  --end DATE        when the history ends, ISO 8601 (default now)
  --url URL         the instance (default BOOMERANG_URL, else http://HOST:PORT of the configuration)
  --write-key KEY   its write key (default WRITE_KEY, else DATA_DIR/keys.json written at first start)
  --in-flight N     batches sent at once (default 4)`;

const number = (n: number) => n.toLocaleString('en-US');

/** Where to send: flags first, then BOOMERANG_URL / WRITE_KEY, then the configuration `npm start` uses. */
function target(flags: { url?: string | undefined; 'write-key'?: string | undefined }): {
  url: string;
  writeKey: string;
} {
  const url = flags.url ?? process.env.BOOMERANG_URL;
  if (url && flags['write-key']) return { url, writeKey: flags['write-key'] };
  const config = loadConfig();
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    url: url ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`,
    writeKey: flags['write-key'] ?? config.writeKey,
  };
}

async function main(): Promise<void> {
  const { values: flags } = parseArgs({
    options: {
      customers: { type: 'string' },
      months: { type: 'string' },
      seed: { type: 'string' },
      end: { type: 'string' },
      url: { type: 'string' },
      'write-key': { type: 'string' },
      'in-flight': { type: 'string' },
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
    end: flags.end ?? new Date().toISOString(),
  });
  if (!parsed.success)
    throw new ImportError(
      `Invalid options:\n${parsed.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n')}\n${usage}`,
    );
  const inFlight = Number(flags['in-flight'] ?? 4);
  if (!Number.isInteger(inFlight) || inFlight < 1 || inFlight > 64)
    throw new ImportError(`--in-flight: a whole number from 1 to 64, got ${flags['in-flight']}`);
  const options = parsed.data;
  const { url, writeKey } = target(flags);
  console.log(
    `Importing ${number(options.customers)} demo customers over ${options.months} months up to ${options.end} (seed ${options.seed}) into ${url}/v1/import`,
  );

  const byName = new Map<string, number>();
  let customers = 0;
  function* counted(): Generator<DemoCall> {
    for (const customer of demoCustomers(options)) {
      customers += 1;
      for (const call of customer.calls) {
        const name = call.type === 'track' ? call.event : call.type === 'page' ? 'Page Viewed' : 'identify';
        byName.set(name, (byName.get(name) ?? 0) + 1);
        yield call;
      }
    }
  }
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

main().catch((error: unknown) => {
  if (error instanceof ImportError || error instanceof ConfigError)
    console.error(`Demo import stopped: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
