import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { startDevServer, type DevServer } from '../../engine/src/temporal/dev-server.ts';
import { apiClient } from '../support/api.ts';
import { eventually, freeDevServerPort } from '../support/ports.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';
import { subjectOfStep } from './drip.ts';
import { startCountingRelay, type CountingRelay } from './relay.ts';
import type { InDoubtSend } from './tally.ts';

/** The keys every Boomerang process of a world shares. */
export const KEYS = { writeKey: 'wk_chaos_write_key', adminToken: 'adm_chaos_admin_token' };

/** One Boomerang process of a world (by its roles), which the scenario may kill and start again. */
export interface Member {
  name: string;
  roles: string;
  url: string;
  process(): StackProcess;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again with the same data dir, ports and keys. */
  start(): Promise<void>;
  /** Whether it has exited without being killed or stopped by the harness (a crash), with its last output. */
  crashed(): string | undefined;
}

/** The Temporal dev server of a world, run apart from Boomerang so killing Boomerang leaves it up. */
export interface Temporal {
  address: string;
  /** Stops the server, runs `whileDown`, and starts it again on the same SQLite file and port. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

/** What the world looked like once nothing more could happen. */
export interface Settled {
  failedRuns: number;
  deadLetters: number;
}

/** Everything one scenario runs on: Postgres, Temporal, the counting relay and Boomerang's processes. */
export interface World {
  postgres: PostgresServer;
  temporal: Temporal;
  relay: CountingRelay;
  members: Map<string, Member>;
  member(name: string): Member;
  /** An API client against the first process that serves the API. */
  api(): ReturnType<typeof apiClient>;
  /** The first process that serves the API. */
  apiMember(): Member;
  /** What the first process that crashed left behind, if one did. */
  crash(): string | undefined;
  /** Runs SQL on the world's database from the harness (its own pool, which survives restarts). */
  sql<T extends object>(text: string, params?: unknown[]): Promise<T[]>;
  /** Waits until every event is routed and no run is left running; fails early when a process has died. */
  settle(timeoutMs: number): Promise<Settled>;
  /** The sends Boomerang's message log reports as in doubt, by recipient and subject. */
  inDoubt(): Promise<InDoubtSend[]>;
  close(): Promise<void>;
}

/** The end of a crashed process's output without the objects Node dumps beside an error (indented lines). */
function lastWords(output: string): string {
  return output
    .split('\n')
    .filter((line) => line.trim() && !/^\s/.test(line))
    .slice(-12)
    .map((line) => `  | ${line.slice(0, 300)}`)
    .join('\n');
}

let bundled: Promise<string> | undefined;
/** Builds the workflow bundle once per harness process, into a cache dir of its own, so that each world's worker finds it ready. */
function bundleCache(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boomerang-chaos-bundle-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await workflowBundle(dir);
    return dir;
  })();
  return bundled;
}

/** Starts a world whose Boomerang processes have the given roles (name -> BOOMERANG_ROLES), all on one Postgres. */
export async function openWorld(
  roles: Record<string, string>,
  log: (line: string) => void = () => undefined,
): Promise<World> {
  const opened: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of opened.reverse()) await c().catch((e: unknown) => log(`[close] ${String(e)}`));
  };
  try {
    const postgres = await startPostgres();
    opened.push(() => postgres.stop());
    const temporalOpts = {
      dataDir: mkdtempSync(join(tmpdir(), 'boomerang-chaos-temporal-')),
      port: await freeDevServerPort(),
      namespace: 'default',
    };
    opened.push(async () => rmSync(temporalOpts.dataDir, { recursive: true, force: true }));
    let dev: DevServer = await startDevServer(temporalOpts);
    opened.push(() => dev.stop());
    const temporal: Temporal = {
      address: dev.address,
      async restart(whileDown) {
        await dev.stop();
        await whileDown?.();
        dev = await startDevServer(temporalOpts);
      },
    };
    const relay = await startCountingRelay();
    opened.push(() => relay.close());
    const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
    pool.on('error', () => undefined); // idle clients cut off by a Postgres restart; the next query reconnects
    opened.push(() => pool.end());
    const connection = await Connection.connect({ address: temporal.address });
    opened.push(() => connection.close());
    const client = new Client({ connection });

    const shared = {
      DATABASE_URL: postgres.url,
      TEMPORAL_ADDRESS: temporal.address,
      SMTP_URL: relay.url,
      LINK_SECRET: 'a-link-secret-shared-by-every-chaos-process',
      WRITE_KEY: KEYS.writeKey,
      ADMIN_TOKEN: KEYS.adminToken,
    };
    const members = new Map<string, Member>();
    for (const [name, memberRoles] of Object.entries(roles)) {
      const dataDir = mkdtempSync(join(tmpdir(), 'boomerang-chaos-'));
      opened.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const cache = await bundleCache();
      for (const file of readdirSync(cache)) copyFileSync(join(cache, file), join(dataDir, file));
      const env = await stackEnv({ ...shared, DATA_DIR: dataDir, BOOMERANG_ROLES: memberRoles });
      let current: StackProcess | undefined;
      let killed = false;
      const member: Member = {
        name,
        roles: memberRoles,
        url: `http://127.0.0.1:${env.PORT}`,
        process: () => {
          if (!current) throw new Error(`${name} was never started`);
          return current;
        },
        async kill() {
          killed = true;
          await current?.kill();
        },
        async start() {
          current = await startStack(env, 180_000);
          killed = false;
        },
        crashed: () =>
          current && !killed && !current.running()
            ? `${name} (${memberRoles}) exited on its own; its output ends:\n${lastWords(current.output())}`
            : undefined,
      };
      members.set(name, member);
      opened.push(async () => {
        if (current?.running()) {
          killed = true;
          await current.stop();
        }
      });
    }
    // Started together, as an orchestrator would; they migrate the same database under a lock.
    await Promise.all([...members.values()].map((m) => m.start()));

    const apiMember = () => {
      const found = [...members.values()].find((m) => m.roles.split(',').includes('api'));
      if (!found) throw new Error('no process of this world serves the API');
      return found;
    };
    const crashOf = () => [...members.values()].map((m) => m.crashed()).find((c) => c !== undefined);
    const sql = async <T extends object>(text: string, params: unknown[] = []) =>
      (await pool.query<T>(text, params)).rows;
    const count = async (query: string) => (await client.workflow.count(query)).count;
    return {
      postgres,
      temporal,
      relay,
      members,
      member: (name) => {
        const m = members.get(name);
        if (!m) throw new Error(`no process named ${name}`);
        return m;
      },
      api: () => apiClient(apiMember().url, KEYS),
      apiMember,
      crash: crashOf,
      sql,
      async settle(timeoutMs) {
        const api = apiClient(apiMember().url, KEYS);
        await eventually(
          async () => {
            const crash = crashOf();
            if (crash) throw new Error(crash);
            const health = await api.raw('GET', '/healthz', undefined, undefined).catch(() => undefined);
            if (health?.json?.routing?.unrouted !== 0) return undefined;
            const running = await count('ExecutionStatus="Running"').catch(() => undefined);
            return running === 0 ? true : undefined;
          },
          'every event routed and every run ended',
          timeoutMs,
          500,
        );
        const [dead] = await sql<{ n: number }>(`select count(*)::int as n from dead_letters where status = 'parked'`);
        return { failedRuns: await count('ExecutionStatus="Failed"'), deadLetters: dead?.n ?? 0 };
      },
      async inDoubt() {
        const rows = await sql<{ email: string | null; user_id: string; step_id: string }>(
          `select c.traits->>'email' as email, m.user_id, m.step_id from messages m left join customers c on c.user_id = m.user_id where m.status = 'in-doubt'`,
        );
        return rows.map((r) => ({
          recipient: r.email ?? `${r.user_id} (no address)`,
          subject: subjectOfStep(r.step_id),
        }));
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
