import { z } from 'zod';
import { emailStepStats, eventNameCounts, findJourney, findVersion, nodeCounts, type Database } from '../db/index.ts';
import { emailRatesByStep } from './email-stats.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import { EventNames, JourneyStats, StatsQuery } from './shapes.ts';

const TriggerOf = z.object({ trigger: z.object({ nodeId: z.string() }) });

/** Live counts for the canvas and the event names seen, for the editor's suggestions. */
export function statsRoutes(deps: { db: Database }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/journeys/:id/stats',
      auth: 'admin',
      summary: 'Per-node counts (entered, waiting now, exited) of a published version',
      params: { schema: z.object({ id: z.string() }), invalid: 'Invalid journey id' },
      query: { schema: StatsQuery, invalid: 'Invalid stats query' },
      responses: { 200: { description: 'Counts', schema: JourneyStats }, 404: 'Unknown journey or version' },
      handler: async ({ params, query, res }) => {
        const journey = await findJourney(deps.db, params.id);
        if (!journey) throw new HttpError(404, `There is no journey "${params.id}"; GET /v1/journeys lists them`);
        const version = query.version ?? journey.liveVersion;
        if (version === null) {
          res.json({ version: null, nodes: {} });
          return;
        }
        const stored = await findVersion(deps.db, journey.id, version);
        if (!stored) throw new HttpError(404, `Journey "${journey.id}" has no version ${version}`);
        const plan = TriggerOf.safeParse(stored.plan);
        const nodes: JourneyStats['nodes'] = await nodeCounts(
          deps.db,
          journey.id,
          version,
          plan.success ? plan.data.trigger.nodeId : null,
        );
        // The email numbers sit on the steps that sent in this version; they count every version's emails.
        for (const [stepId, email] of Object.entries(emailRatesByStep(await emailStepStats(deps.db, journey.id))))
          if (nodes[stepId]) nodes[stepId] = { ...nodes[stepId], email };
        res.json({ version, nodes });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/event-names',
      auth: 'admin',
      summary: 'Event names seen so far, most frequent first',
      responses: { 200: { description: 'Event names', schema: EventNames } },
      handler: async ({ res }) => {
        res.json({ events: await eventNameCounts(deps.db) });
      },
    }),
  ];
}
