import { ConfigError, keyLocations, loadConfig } from '../config/index.ts';
import { startBoomerang } from '../runtime/boomerang.ts';
import { messageOf } from '../errors/index.ts';
import { dkimCommand } from './dkim.ts';
import { doctorCommand } from './doctor.ts';

const usage = `Usage: boomerang <command>
  start    run everything: database, SMTP sink, Temporal dev server, API, router and worker
  api      like start, for the roles in BOOMERANG_ROLES (default: all)
  dkim generate [--selector s] [--domain d] [--out file]   write a DKIM key, print the DNS record
  doctor   deliverability checks: DNS records to publish, sender alignment, templates, complaint rates`;

async function start(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const boomerang = await startBoomerang(config);
  // Where the keys are, never their values: start-up output ends up in terminals, CI logs and log stores.
  for (const line of keyLocations(config)) console.log(line);
  console.log(
    `Temporal:             ${boomerang.temporalAddress}${config.temporalAddress ? '' : ` (Web UI http://localhost:${config.temporalDevPort + 1000})`}`,
  );
  console.log(`Outbox:               ${boomerang.url}/outbox`);
  console.log(`Boomerang ready: ${boomerang.url}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping every part ...`);
    boomerang.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const command = process.argv[2] ?? 'start';
if (command === 'start' || command === 'api') {
  start().catch((error: unknown) => {
    console.error(`Boomerang could not start: ${messageOf(error)}`);
    process.exit(1);
  });
} else if (command === 'dkim') process.exit(dkimCommand(process.argv.slice(3)));
else if (command === 'doctor') void doctorCommand().then((code) => process.exit(code));
else {
  console.error(usage);
  process.exit(2);
}
