import type { Queryable } from './database.ts';

/** One customer's first exposure to an experiment. */
export interface Exposure {
  userId: string;
  variant: string;
  version: number;
  exposedAt: string;
}

/** A winner chosen automatically, with the numbers it was chosen on. */
export interface ExperimentDecision {
  experimentKey: string;
  journeyId: string;
  splitId: string;
  winner: string;
  publishedVersion: number;
  numbers: unknown;
  decidedAt: string;
}

/** Records that a customer reached a split; a second exposure (re-entry, replay) keeps the first. */
export async function recordExposure(
  db: Queryable,
  e: {
    experimentKey: string;
    journeyId: string;
    splitId: string;
    userId: string;
    variant: string;
    version: number;
    workflowId: string;
    exposedAt: string;
  },
): Promise<void> {
  await db.query(
    `insert into experiment_exposures (experiment_key, journey_id, split_id, user_id, variant, version, workflow_id, exposed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (experiment_key, user_id) do nothing`,
    [e.experimentKey, e.journeyId, e.splitId, e.userId, e.variant, e.version, e.workflowId, e.exposedAt],
  );
}

/** Every exposure of one experiment, oldest first. */
export async function listExposures(db: Queryable, experimentKey: string): Promise<Exposure[]> {
  const rows = await db.query<{ user_id: string; variant: string; version: number; exposed_at: Date }>(
    'select user_id, variant, version, exposed_at from experiment_exposures where experiment_key = $1 order by exposed_at',
    [experimentKey],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    variant: r.variant,
    version: r.version,
    exposedAt: new Date(r.exposed_at).toISOString(),
  }));
}

/** The goal events (by name) of the exposed customers of an experiment, from their exposure on, oldest first. */
export async function goalEventsOf(
  db: Queryable,
  experimentKey: string,
  event: string,
): Promise<Array<{ userId: string; properties: Record<string, unknown>; timestamp: string }>> {
  const rows = await db.query<{ user_id: string; properties: Record<string, unknown>; timestamp: Date }>(
    `select e.user_id, e.properties, e.timestamp from events e
     join experiment_exposures x on x.user_id = e.user_id and x.experiment_key = $1
     where e.type = 'track' and e.event = $2 and e.timestamp >= x.exposed_at order by e.timestamp`,
    [experimentKey, event],
  );
  return rows.map((r) => ({
    userId: r.user_id,
    properties: r.properties,
    timestamp: new Date(r.timestamp).toISOString(),
  }));
}

/** When each exposed customer of an experiment unsubscribed (only those who did). */
export async function unsubscribesOf(db: Queryable, experimentKey: string): Promise<Map<string, string>> {
  const rows = await db.query<{ user_id: string; unsubscribed_at: Date }>(
    `select c.user_id, c.unsubscribed_at from customers c join experiment_exposures x on x.user_id = c.user_id and x.experiment_key = $1
     where c.unsubscribed_at is not null`,
    [experimentKey],
  );
  return new Map(rows.map((r) => [r.user_id, new Date(r.unsubscribed_at).toISOString()]));
}

/** Records an automatic winner (once per experiment); returns false when one was recorded already. */
export async function recordDecision(db: Queryable, d: Omit<ExperimentDecision, 'decidedAt'>): Promise<boolean> {
  const rows = await db.query(
    `insert into experiment_decisions (experiment_key, journey_id, split_id, winner, published_version, numbers)
     values ($1, $2, $3, $4, $5, $6::jsonb) on conflict (experiment_key) do nothing returning experiment_key`,
    [d.experimentKey, d.journeyId, d.splitId, d.winner, d.publishedVersion, JSON.stringify(d.numbers)],
  );
  return rows.length > 0;
}

/** The automatic decision taken on an experiment, if any. */
export async function findDecision(db: Queryable, experimentKey: string): Promise<ExperimentDecision | undefined> {
  const [r] = await db.query<{
    experiment_key: string;
    journey_id: string;
    split_id: string;
    winner: string;
    published_version: number;
    numbers: unknown;
    decided_at: Date;
  }>('select * from experiment_decisions where experiment_key = $1', [experimentKey]);
  return r
    ? {
        experimentKey: r.experiment_key,
        journeyId: r.journey_id,
        splitId: r.split_id,
        winner: r.winner,
        publishedVersion: r.published_version,
        numbers: r.numbers,
        decidedAt: new Date(r.decided_at).toISOString(),
      }
    : undefined;
}
