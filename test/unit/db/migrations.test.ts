import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../engine/src/db/index.ts';

describe('migrations', () => {
  it('applies each version once on a fresh database, and nothing on a second run', async () => {
    const db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-migrations-')) });
    try {
      const first = await migrate(db);
      expect(first.length).toBeGreaterThan(0);
      expect(new Set(first).size).toBe(first.length);
      const stored = await db.query<{ version: number }>('select version from schema_migrations');
      expect(stored.map((r) => Number(r.version)).sort((a, b) => a - b)).toEqual([...first].sort((a, b) => a - b));
      expect(await migrate(db)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 60_000);
});
