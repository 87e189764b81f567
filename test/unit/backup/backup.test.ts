import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportRefused, readManifest, schemaMismatch } from '../../../engine/src/backup/index.ts';
import { parentsFirst } from '../../../engine/src/db/index.ts';

describe('parentsFirst (the order tables are imported in)', () => {
  it('puts every table after the tables its foreign keys point to, alphabetically among equals', () => {
    const order = parentsFirst(
      ['journey_versions', 'events', 'journeys', 'event_outbox', 'dead_letters', 'customers'],
      [
        { child: 'journey_versions', parent: 'journeys' },
        { child: 'event_outbox', parent: 'events' },
        { child: 'dead_letters', parent: 'events' },
        { child: 'journeys', parent: 'journeys' },
      ],
    );
    expect(order).toEqual(['customers', 'events', 'journeys', 'dead_letters', 'event_outbox', 'journey_versions']);
  });

  it('refuses a cycle of foreign keys, naming its tables', () => {
    expect(() =>
      parentsFirst(
        ['a', 'b', 'c'],
        [
          { child: 'a', parent: 'b' },
          { child: 'b', parent: 'a' },
        ],
      ),
    ).toThrow('Foreign keys form a cycle between tables a, b');
  });
});

describe('schemaMismatch', () => {
  it('accepts the same migrations in any order', () => {
    expect(schemaMismatch([1, 10, 40, 20], [1, 10, 20, 40])).toBeUndefined();
  });
  it('names the migrations an export from a newer Boomerang has', () => {
    expect(schemaMismatch([1, 10, 90], [1, 10])).toBe(
      'The export was made by a newer Boomerang (migrations 90 are unknown here): upgrade this Boomerang to the version that made it, then import',
    );
  });
  it('names the migrations an export from an older schema lacks, and says to migrate the source', () => {
    expect(schemaMismatch([1], [1, 10, 20])).toContain(
      'it lacks migrations 10, 20): run `boomerang migrate` on the source',
    );
  });
});

describe('readManifest', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'boomerang-manifest-'));
  it('refuses a directory without manifest.json as an unfinished export', () => {
    const d = dir();
    expect(() => readManifest(d)).toThrow(ImportRefused);
    expect(() => readManifest(d)).toThrow(/manifest.json is missing: .* is not a finished `boomerang export`/);
  });
  it('names the field of a manifest that is wrong', () => {
    const d = dir();
    writeFileSync(
      join(d, 'manifest.json'),
      JSON.stringify({
        format: 'boomerang-export',
        formatVersion: 1,
        exportedAt: 'x',
        source: 'pglite',
        migrations: [],
        tables: [{ name: 'customers', file: 'tables/customers.jsonl', rows: -1 }],
        sequences: [],
      }),
    );
    expect(() => readManifest(d)).toThrow(/tables\.0\.rows/);
  });
});
