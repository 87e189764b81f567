import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBinDir } from '../../engine/bin/tools.mjs';
import { eventually, freePort } from './ports.ts';

/** A throwaway PostgreSQL server on 127.0.0.1, for tests of the DATABASE_URL path. */
export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
  /** Stops the server (pg_ctl, fast mode: clients are cut off), runs `whileDown`, and starts it again on the same data dir and port. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

/** Initialises a cluster in a temp dir and starts it (as the `postgres` user when run as root: the server refuses root). */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed: run `node engine/bin/ensure-setup.mjs --for-tests`');
  const dir = mkdtempSync(join(tmpdir(), 'boomerang-pg-'));
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()) : undefined;
  if (uid !== undefined) chownSync(dir, uid, uid);
  const run = (cmd: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  execFileSync(...run(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'boomerang', '--no-sync']), {
    stdio: 'ignore',
  });
  const port = await freePort();
  const launch = () => {
    const server: ChildProcess = spawn(
      ...run(join(bin, 'postgres'), [
        '-D',
        join(dir, 'data'),
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
      ]),
      { stdio: 'ignore' },
    );
    return new Promise<void>((resolve) => server.once('exit', () => resolve()));
  };
  let exited = launch();
  const pg = (await import('pg')).default;
  const accepting = (database: string, sql: string) =>
    eventually(
      async () => {
        const client = new pg.Client({ connectionString: `postgres://boomerang@127.0.0.1:${port}/${database}` });
        try {
          await client.connect();
          await client.query(sql);
          return true;
        } catch {
          return undefined;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      'PostgreSQL to accept connections',
      30_000,
      200,
    );
  await accepting('postgres', 'create database boomerang');
  // Through pg_ctl: when run as root, `server` is runuser, which does not pass signals on.
  const shutDown = async () => {
    execFileSync(...run(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), 'stop', '-m', 'fast']), { stdio: 'ignore' });
    await exited;
  };
  return {
    url: `postgres://boomerang@127.0.0.1:${port}/boomerang`,
    async stop() {
      await shutDown();
      rmSync(dir, { recursive: true, force: true });
    },
    async restart(whileDown) {
      await shutDown();
      await whileDown?.();
      exited = launch();
      await accepting('boomerang', 'select 1');
    },
  };
}
