import type { Database, Queryable } from './database.ts';

/** A journey as stored: the editable draft plus its publishing state. */
export interface JourneyRecord {
  id: string;
  name: string;
  draft: unknown;
  status: 'draft' | 'live' | 'paused';
  liveVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** One immutable published version of a journey. */
export interface JourneyVersion {
  journeyId: string;
  version: number;
  graph: unknown;
  plan: unknown;
  note: string | null;
  publishedAt: string;
}

interface JourneyRow {
  id: string;
  name: string;
  draft: unknown;
  status: JourneyRecord['status'];
  live_version: number | null;
  created_at: Date;
  updated_at: Date;
}
interface VersionRow {
  journey_id: string;
  version: number;
  graph: unknown;
  plan: unknown;
  note: string | null;
  published_at: Date;
}

const toJourney = (r: JourneyRow): JourneyRecord => ({
  id: r.id,
  name: r.name,
  draft: r.draft,
  status: r.status,
  liveVersion: r.live_version,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});
const toVersion = (r: VersionRow): JourneyVersion => ({
  journeyId: r.journey_id,
  version: r.version,
  graph: r.graph,
  plan: r.plan,
  note: r.note,
  publishedAt: new Date(r.published_at).toISOString(),
});

/** Lists every journey, newest change first. */
export async function listJourneys(db: Queryable): Promise<JourneyRecord[]> {
  return (await db.query<JourneyRow>('select * from journeys order by updated_at desc')).map(toJourney);
}

/** Reads one journey. */
export async function findJourney(db: Queryable, id: string): Promise<JourneyRecord | undefined> {
  const [row] = await db.query<JourneyRow>('select * from journeys where id = $1', [id]);
  return row ? toJourney(row) : undefined;
}

/** Creates a draft journey; returns false when the id is taken. */
export async function createJourney(db: Queryable, id: string, name: string, draft: unknown): Promise<boolean> {
  const rows = await db.query(
    'insert into journeys (id, name, draft) values ($1, $2, $3::jsonb) on conflict (id) do nothing returning id',
    [id, name, JSON.stringify(draft)],
  );
  return rows.length > 0;
}

/** Replaces a journey's draft; returns false for an unknown journey. */
export async function saveDraft(db: Queryable, id: string, name: string, draft: unknown): Promise<boolean> {
  const rows = await db.query(
    'update journeys set draft = $2::jsonb, name = $3, updated_at = now() where id = $1 returning id',
    [id, JSON.stringify(draft), name],
  );
  return rows.length > 0;
}

/** Stores the next numbered version and makes it live, atomically. */
export async function publishVersion(
  db: Database,
  id: string,
  graph: unknown,
  plan: (version: number) => unknown,
  note: string | null,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('select id from journeys where id = $1 for update', [id]);
    const [last] = await tx.query<{ max: number | null }>(
      'select max(version) as max from journey_versions where journey_id = $1',
      [id],
    );
    const version = (last?.max ?? 0) + 1;
    await tx.query(
      'insert into journey_versions (journey_id, version, graph, plan, note) values ($1, $2, $3::jsonb, $4::jsonb, $5)',
      [id, version, JSON.stringify(graph), JSON.stringify(plan(version)), note],
    );
    await tx.query(`update journeys set status = 'live', live_version = $2, updated_at = now() where id = $1`, [
      id,
      version,
    ]);
    return version;
  });
}

/** Sets a published journey live or paused; returns false when it was never published. */
export async function setJourneyStatus(db: Queryable, id: string, status: 'live' | 'paused'): Promise<boolean> {
  const rows = await db.query(
    'update journeys set status = $2, updated_at = now() where id = $1 and live_version is not null returning id',
    [id, status],
  );
  return rows.length > 0;
}

/** Every published version of a journey, newest first. */
export async function listVersions(db: Queryable, id: string): Promise<JourneyVersion[]> {
  return (
    await db.query<VersionRow>('select * from journey_versions where journey_id = $1 order by version desc', [id])
  ).map(toVersion);
}

/** One published version. */
export async function findVersion(db: Queryable, id: string, version: number): Promise<JourneyVersion | undefined> {
  const [row] = await db.query<VersionRow>('select * from journey_versions where journey_id = $1 and version = $2', [
    id,
    version,
  ]);
  return row ? toVersion(row) : undefined;
}

/** The live version of every journey that is currently live (what the router enrolls into). */
export async function liveVersions(db: Queryable): Promise<JourneyVersion[]> {
  return (
    await db.query<VersionRow>(
      `select v.* from journeys j join journey_versions v on v.journey_id = j.id and v.version = j.live_version where j.status = 'live'`,
    )
  ).map(toVersion);
}

/** Deletes a journey that was never published; returns false otherwise. */
export async function deleteDraft(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('delete from journeys where id = $1 and live_version is null returning id', [id]);
  return rows.length > 0;
}

/** How many versions have been published, of all journeys together. */
export async function publishedVersionCount(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from journey_versions');
  return row?.n ?? 0;
}

/** Which versions have been published: journey id and version number of each. */
export async function publishedVersionKeys(db: Queryable): Promise<Array<{ journeyId: string; version: number }>> {
  return (
    await db.query<{ journey_id: string; version: number }>('select journey_id, version from journey_versions')
  ).map((r) => ({ journeyId: r.journey_id, version: r.version }));
}
