import { ConfigError, keyLocations, loadConfig, type Config } from '../config/index.ts';
import { startBoomerang } from '../runtime/boomerang.ts';

/** One part of Boomerang that runs as its own process in production. */
export type Part = 'api' | 'worker' | 'router';

function configFor(part: Part | undefined): Config {
  try {
    if (!part) return loadConfig();
    // A single part shares its state with the others: it cannot use the embedded database or dev server.
    const missing = (['TEMPORAL_ADDRESS', 'DATABASE_URL'] as const).filter((v) => !process.env[v]);
    if (missing.length)
      throw new ConfigError(
        `boomerang ${part} runs one part beside others: set ${missing.join(' and ')} (or run \`boomerang start\` for everything in one process)`,
      );
    return loadConfig({ ...process.env, BOOMERANG_ROLES: part });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** Starts `part` (or, without one, the roles in BOOMERANG_ROLES: all by default), prints where it is, stops on SIGINT / SIGTERM. */
export async function serve(part?: Part): Promise<void> {
  const config = configFor(part);
  const boomerang = await startBoomerang(config);
  // Where the keys are, never their values: start-up output ends up in terminals, CI logs and log stores.
  if (config.roles.has('api')) for (const line of keyLocations(config)) console.log(line);
  console.log(
    `Temporal:             ${boomerang.temporalAddress}${config.temporalAddress ? '' : ` (Web UI http://localhost:${config.temporalDevPort + 1000})`}`,
  );
  if (config.roles.has('api')) {
    console.log(`Outbox:               ${boomerang.url}/outbox`);
    console.log(`Boomerang ready: ${boomerang.url}`);
  } else {
    console.log(
      `Boomerang ready: ${[...config.roles].join(', ')} (pid ${process.pid}, task queue ${config.taskQueue})`,
    );
  }
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
