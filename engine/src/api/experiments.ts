import { z } from 'zod';
import { findJourney, findVersion, type Database } from '../db/index.ts';
import { applyAutomaticWinners, plannedFor, splitResults } from '../experiments/index.ts';
import { Plan, splitsOf } from '../interpreter/index.ts';
import { compile, Journey, validateGraph } from '../compiler/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import { CheckResponse, ExperimentsResponse } from './shapes.ts';

const JourneyId = { schema: z.object({ id: z.string() }), invalid: 'Invalid journey id' };

/** Experiment results per split of a journey's live version, and the automatic-winner check. */
export function experimentRoutes(deps: { db: Database; registry: NodeRegistry; now?: () => number }): Route[] {
  const now = deps.now ?? Date.now;
  const mustFind = async (id: string) => {
    const journey = await findJourney(deps.db, id);
    if (!journey) throw new HttpError(404, `There is no journey "${id}"; GET /v1/journeys lists them`);
    return journey;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/v1/journeys/:id/experiments',
      auth: 'admin',
      params: JourneyId,
      summary:
        'A/B split results: per arm exposed, converted, rate with Wilson interval, revenue, unsubscribes; versus control; SRM; the stopping rule; cumulative rate by day',
      responses: { 200: { description: 'Results per split', schema: ExperimentsResponse }, 404: 'Unknown journey' },
      handler: async ({ params, res }) => {
        const journey = await mustFind(params.id);
        const live =
          journey.liveVersion === null ? undefined : await findVersion(deps.db, journey.id, journey.liveVersion);
        const plan = live ? Plan.parse(live.plan) : undefined;
        const experiments = plan
          ? await Promise.all(splitsOf(plan).map((step) => splitResults(deps.db, plan, step, plan.goal, now())))
          : [];
        const draft = Journey.safeParse(journey.draft);
        const draftPlan =
          draft.success && validateGraph(draft.data, { registry: deps.registry }).length === 0
            ? compile(draft.data, { registry: deps.registry, version: 0 })
            : undefined;
        const body: ExperimentsResponse = {
          journeyId: journey.id,
          goal: plan?.goal ?? (draft.success ? draft.data.settings.goal : undefined) ?? null,
          guardrail: 'unsubscribe-rate',
          liveVersion: journey.liveVersion,
          experiments,
          draft: draftPlan
            ? splitsOf(draftPlan).map((s) => ({
                splitId: s.id,
                plannedPerArm: plannedFor(s),
                arms: s.arms.length + (s.holdout > 0 ? 1 : 0),
              }))
            : [],
        };
        res.json(body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/journeys/:id/experiments/check',
      auth: 'admin',
      params: JourneyId,
      summary: 'Apply automatic winners now (splits that opted in, rule met, guardrail not worse)',
      responses: { 200: { description: 'Winners published', schema: CheckResponse }, 404: 'Unknown journey' },
      handler: async ({ params, res }) => {
        const journey = await mustFind(params.id);
        res.json({ decided: await applyAutomaticWinners(deps.db, deps.registry, now(), journey.id) });
      },
    }),
  ];
}
