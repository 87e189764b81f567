import { z } from 'zod';

/** The file name of the manifest inside an export directory. */
export const MANIFEST_FILE = 'manifest.json';

/** What an export holds: the schema it was taken at, each table's file and row count, and every sequence's position. */
export const Manifest = z.object({
  format: z.literal('boomerang-export'),
  formatVersion: z.literal(1),
  exportedAt: z.string(),
  /** The kind of database it came from (pglite or postgres). */
  source: z.enum(['pglite', 'postgres']),
  /** The schema version: every migration the source database had applied. */
  migrations: z.array(z.object({ version: z.number().int(), name: z.string() })),
  /** One JSON-lines file per table (one row a line, as Postgres's to_jsonb writes it), in the order they are imported. */
  tables: z.array(z.object({ name: z.string().min(1), file: z.string().min(1), rows: z.number().int().min(0) })),
  /** Every sequence (serial and identity counters such as events.seq) where the source left it. */
  sequences: z.array(
    z.object({ name: z.string().min(1), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() }),
  ),
});
export type Manifest = z.infer<typeof Manifest>;
