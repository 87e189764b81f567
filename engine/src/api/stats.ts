import { Router } from 'express';
import { z } from 'zod';
import { eventNameCounts, findJourney, findVersion, nodeCounts, type Database } from '../db/index.ts';
import { HttpError } from './errors.ts';
import { refuseUnstorableParams } from './params.ts';
import { VersionNumber } from './shapes.ts';

/** The query of GET /v1/journeys/:id/stats: which published version (default: the live one). */
export const StatsQuery = z.object({ version: VersionNumber.optional() });

const TriggerOf = z.object({ trigger: z.object({ nodeId: z.string() }) });

/** Live counts for the canvas and the event names seen, for the editor's suggestions. */
export function statsRoutes(deps: { db: Database }): Router {
  const router = Router();
  refuseUnstorableParams(router, 'id');
  router.get('/v1/journeys/:id/stats', async (req, res) => {
    const query = StatsQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'Invalid stats query', query.error.issues.map((i) => ({ path: i.path.join('.') || 'version', message: i.message })));
    const journey = await findJourney(deps.db, req.params.id);
    if (!journey) throw new HttpError(404, `There is no journey "${req.params.id}"; GET /v1/journeys lists them`);
    const version = query.data.version ?? journey.liveVersion;
    if (version === null) { res.json({ version: null, nodes: {} }); return; }
    const stored = await findVersion(deps.db, journey.id, version);
    if (!stored) throw new HttpError(404, `Journey "${journey.id}" has no version ${version}`);
    const plan = TriggerOf.safeParse(stored.plan);
    res.json({ version, nodes: await nodeCounts(deps.db, journey.id, version, plan.success ? plan.data.trigger.nodeId : null) });
  });
  router.get('/v1/event-names', async (_req, res) => {
    res.json({ events: await eventNameCounts(deps.db) });
  });
  return router;
}
