import type { Queryable } from './database.ts';

/** A stored audience: its latest definition (as saved, validated by the caller) and version number. */
export interface AudienceRecord {
  id: string;
  name: string;
  definition: unknown;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface AudienceRow {
  id: string;
  name: string;
  definition: unknown;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const toRecord = (r: AudienceRow): AudienceRecord => ({
  id: r.id,
  name: r.name,
  definition: r.definition,
  version: Number(r.version),
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Stores a new audience as version 1; false when the id is taken. */
export async function createAudience(
  db: Queryable,
  a: { id: string; name: string; definition: unknown },
): Promise<boolean> {
  const rows = await db.query(
    `with made as (insert into audiences (id, name, definition) values ($1, $2, $3::jsonb) on conflict (id) do nothing returning id)
     insert into audience_versions (audience_id, version, definition) select id, 1, $3::jsonb from made returning audience_id`,
    [a.id, a.name, JSON.stringify(a.definition)],
  );
  return rows.length > 0;
}

/** Saves a changed definition as the next version; the new version number, or undefined when there is no such audience. */
export async function updateAudience(
  db: Queryable,
  a: { id: string; name: string; definition: unknown },
): Promise<number | undefined> {
  const [row] = await db.query<{ version: number }>(
    `with saved as (update audiences set name = $2, definition = $3::jsonb, version = version + 1, updated_at = now() where id = $1 returning id, version)
     insert into audience_versions (audience_id, version, definition) select id, version, $3::jsonb from saved returning version`,
    [a.id, a.name, JSON.stringify(a.definition)],
  );
  return row ? Number(row.version) : undefined;
}

/** One audience, or undefined. */
export async function findAudience(db: Queryable, id: string): Promise<AudienceRecord | undefined> {
  const [row] = await db.query<AudienceRow>('select * from audiences where id = $1', [id]);
  return row ? toRecord(row) : undefined;
}

/** Every audience, by id. */
export async function listAudiences(db: Queryable): Promise<AudienceRecord[]> {
  return (await db.query<AudienceRow>('select * from audiences order by id')).map(toRecord);
}

/** The saved versions of an audience, newest first. */
export async function audienceVersions(
  db: Queryable,
  id: string,
): Promise<Array<{ version: number; definition: unknown; savedAt: string }>> {
  const rows = await db.query<{ version: number; definition: unknown; saved_at: Date | string }>(
    'select version, definition, saved_at from audience_versions where audience_id = $1 order by version desc',
    [id],
  );
  return rows.map((r) => ({
    version: Number(r.version),
    definition: r.definition,
    savedAt: new Date(r.saved_at).toISOString(),
  }));
}

/** Deletes an audience with its versions, memberships and scheduled checks; false when there was none. */
export async function deleteAudience(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('delete from audiences where id = $1 returning id', [id])).length > 0;
}
