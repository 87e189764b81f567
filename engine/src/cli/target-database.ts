import { resolve } from 'node:path';
import { z } from 'zod';
import { Environment } from '../config/index.ts';
import { openDatabase, type Database } from '../db/index.ts';

const Target = Environment.pick({ DATABASE_URL: true, DATA_DIR: true });

/** Where a maintenance command works: DATABASE_URL's Postgres, else the embedded PGlite in DATA_DIR. */
export interface TargetDatabase {
  db: Database;
  /** The database in words, without credentials (for messages). */
  where: string;
}

/** Opens the database named by the environment, or returns the problem with the variable that caused it. */
export async function openTargetDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TargetDatabase | string> {
  const parsed = Target.safeParse(env);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
  const { DATABASE_URL: databaseUrl, DATA_DIR: dataDir } = parsed.data;
  const where = databaseUrl ? `Postgres ${safeUrl(databaseUrl)}` : `embedded PGlite in ${resolve(dataDir, 'pglite')}`;
  return { db: await openDatabase({ databaseUrl, dataDir }), where };
}

/** The URL without its password. */
function safeUrl(url: string): string {
  const parsed = z.url().safeParse(url);
  if (!parsed.success) return 'postgres://…';
  const u = new URL(parsed.data);
  if (u.password) u.password = '***';
  return u.toString();
}
