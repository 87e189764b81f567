// A Debian PostgreSQL server on 127.0.0.1 with its data in a folder of ours: used by `npm run cluster`
// (Temporal's persistence and Boomerang's DATABASE_URL) and by the tests' throwaway servers.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { postgresBinDir } from './tools.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `sql` on `url` until the server accepts it (with `needRows`: until it returns a row), for at most `timeoutMs`. */
export async function waitForPostgres(url, sql = 'select 1', timeoutMs = 30_000, needRows = false) {
  const pg = (await import('pg')).default;
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      const result = await client.query(sql);
      if (!needRows || result.rowCount) return result;
      last = 'no rows yet';
      await sleep(200);
    } catch (error) {
      last = error;
      await sleep(200);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} did not answer within ${timeoutMs} ms: ${last}`);
}

/**
 * Initialises `dir/data` once (trust auth for `user`, as the `postgres` user when run as root: the
 * server refuses root) and starts the server on 127.0.0.1:`port` with its socket in `dir`.
 * Resolves once it accepts connections; `stop()` shuts it down through pg_ctl.
 */
export async function startPostgresServer({ dir, port, user, fsync = true }) {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed: run `node engine/bin/ensure-setup.mjs --for-tests`');
  mkdirSync(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  if (uid !== undefined) chownSync(dir, uid, uid);
  const run = (cmd, args) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  const data = join(dir, 'data');
  if (!existsSync(join(data, 'PG_VERSION')))
    execFileSync(...run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', user, '--no-sync']), {
      stdio: ['ignore', 'ignore', 'pipe'], // initdb's complaint ends up in the error's message
    });
  const launch = () => {
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
    if (!fsync) args.push('-c', 'fsync=off');
    args.push('-c', 'max_connections=300');
    const server = spawn(...run(join(bin, 'postgres'), args), { stdio: 'ignore' });
    return new Promise((resolve) => server.once('exit', () => resolve()));
  };
  let exited = launch();
  const url = (database) => `postgres://${user}@127.0.0.1:${port}/${database}`;
  await waitForPostgres(url('postgres'));
  // Through pg_ctl: when run as root the child is runuser, which does not pass signals on.
  const shutDown = async () => {
    execFileSync(...run(join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'fast']), { stdio: 'ignore' });
    await exited;
  };
  return {
    port,
    url,
    stop: shutDown,
    async restart(whileDown) {
      await shutDown();
      await whileDown?.();
      exited = launch();
      await waitForPostgres(url('postgres'));
    },
  };
}

/** Creates `database` unless it exists; resolves to whether it was created. */
export async function ensureDatabase(server, database) {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`not a plain database name: ${database}`);
  const found = await waitForPostgres(
    server.url('postgres'),
    `select 1 from pg_database where datname = '${database}'`,
  );
  if (found.rowCount) return false;
  await waitForPostgres(server.url('postgres'), `create database ${database}`);
  return true;
}
