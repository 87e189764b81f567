import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { startPostgres, type PostgresServer } from '../support/postgres.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// Moving an instance as an operator does: fill an embedded (PGlite) Boomerang through its API, stop it,
// `boomerang export`, `boomerang import` into Postgres, and start Boomerang on Postgres. The tables are
// compared through each database's own row text (record output), not through the export's JSON.
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
const people = ['ada', 'bo', 'cy'];
let postgres: PostgresServer;
let embeddedEnv: Record<string, string>;
let moved: StackProcess | undefined;
const exportDir = join(mkdtempSync(join(tmpdir(), 'boomerang-export-')), 'backup');

/** Runs a `boomerang` command to its end: exit code and everything it printed. */
function boomerang(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { DATABASE_URL: _inherited, ...inherited } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'engine/src/cli/main.ts'), ...args], {
      cwd: repoRoot,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Every table's rows as Postgres prints a record (exact to the microsecond), sorted; by table name. */
async function rowsByTable(
  query: (sql: string) => Promise<Array<Record<string, unknown>>>,
): Promise<Map<string, string[]>> {
  await query("set timezone = 'UTC'");
  const tables = await query(
    "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1",
  );
  const result = new Map<string, string[]>();
  for (const { name } of tables) {
    // A database's own migration history says when it was migrated; which migrations it has is what moves.
    const row = name === 'schema_migrations' ? '(t.version, t.name)::text' : 't::text';
    const rows = await query(`select ${row} as row from "${String(name)}" t`);
    result.set(String(name), rows.map((r) => String(r.row)).sort());
  }
  return result;
}

beforeAll(async () => {
  postgres = await startPostgres();
  embeddedEnv = await stackEnv();
  const embedded = await startStack(embeddedEnv, 300_000);
  const api = apiClient(embedded.url, keys);
  expect((await api.admin('POST', '/v1/journeys/onboarding/publish', {})).status).toBe(200);
  for (const userId of people) {
    await api.identify({
      userId,
      traits: { email: `${userId}@example.com`, firstName: userId.toUpperCase(), plan: 'pro' },
    });
    expect((await api.track({ userId, event: 'Signed Up' })).status).toBe(200);
  }
  const orders = people.map((userId, i) => ({
    type: 'track',
    userId,
    event: 'Order Completed',
    properties: { revenue: 10.5 * (i + 1), order_id: `o-${i}` },
    timestamp: `2026-11-0${i + 1}T08:00:00.123Z`,
  }));
  expect((await api.batch({ batch: orders })).status).toBe(200);
  const audience = await api.admin('POST', '/v1/audiences', {
    id: 'buyers',
    name: 'Buyers',
    condition: { kind: 'performed', event: 'Order Completed' },
  });
  expect(audience.status).toBe(201);
  for (const userId of people)
    await eventually(
      async () => ((await api.outbox(`${userId}@example.com`)).length ? true : undefined),
      `${userId}'s welcome email`,
    );
  await embedded.stop();
}, 600_000);
afterAll(async () => {
  await moved?.stop();
  await postgres?.stop();
});

describe('boomerang export and import', () => {
  it('moves every row of every table from embedded PGlite to Postgres, and the moved instance takes new events', async () => {
    const exported = await boomerang(['export', exportDir], { DATA_DIR: embeddedEnv.DATA_DIR! });
    expect(exported.output).toMatch(/Exported \d+ tables/);
    expect(exported.code).toBe(0);

    const imported = await boomerang(['import', exportDir], { DATABASE_URL: postgres.url });
    expect(imported.output).toMatch(/Imported \d+ tables/);
    expect(imported.code).toBe(0);

    const source = await PGlite.create({ dataDir: join(embeddedEnv.DATA_DIR!, 'pglite') });
    const target = new pg.Client({ connectionString: postgres.url });
    await target.connect();
    try {
      const before = await rowsByTable(async (sql) => (await source.query<Record<string, unknown>>(sql)).rows);
      const after = await rowsByTable(async (sql) => (await target.query<Record<string, unknown>>(sql)).rows);
      // Not a comparison of empty tables: what the API calls above created is there.
      expect(before.get('customers')).toHaveLength(3);
      expect(before.get('events')!.length).toBeGreaterThanOrEqual(9);
      expect(before.get('messages')!.length).toBeGreaterThanOrEqual(3);
      expect(before.get('journey_versions')).toHaveLength(1);
      expect(before.get('audience_memberships')).toHaveLength(3);
      expect(before.get('enrollments')!.length).toBeGreaterThanOrEqual(3);
      expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));

      const lastSeq = Number(
        (await source.query<{ seq: string }>('select max(seq)::text as seq from events')).rows[0]!.seq,
      );
      await source.close();

      // A second import into the now full database is refused, and changes nothing.
      const again = await boomerang(['import', exportDir], { DATABASE_URL: postgres.url });
      expect(again.code).toBe(2);
      expect(again.output).toContain('The target database is not empty');
      expect((await target.query('select count(*)::int as n from customers')).rows[0].n).toBe(3);

      // Boomerang on Postgres (a fresh Temporal dev server: the old one's runs are not moved) takes new events.
      moved = await startStack(await stackEnv({ DATABASE_URL: postgres.url }), 300_000);
      const api = apiClient(moved.url, keys);
      await api.identify({ userId: 'dee', traits: { email: 'dee@example.com', firstName: 'Dee' } });
      expect((await api.track({ userId: 'dee', event: 'Signed Up' })).status).toBe(200);
      const seqs = (await target.query<{ seq: string }>("select seq::text as seq from events where user_id = 'dee'"))
        .rows;
      expect(seqs).toHaveLength(2);
      for (const { seq } of seqs) expect(Number(seq)).toBeGreaterThan(lastSeq);
      // The journey published before the move is live after it: Dee is welcomed.
      const [welcome] = await eventually(async () => {
        const m = await api.outbox('dee@example.com');
        return m.length ? m : undefined;
      }, "Dee's welcome email");
      expect(welcome!.subject).toContain('Dee');
      expect((await api.admin('GET', '/v1/audiences/buyers')).json.size).toBe(3);
    } finally {
      await target.end();
    }
  }, 900_000);
});
