import { Router } from 'express';
import { findJourney, findVersion, type Database } from '../db/index.ts';
import { applyAutomaticWinners, plannedFor, splitResults } from '../experiments/index.ts';
import { Plan, splitsOf } from '../interpreter/index.ts';
import { compile, Journey, validateGraph } from '../compiler/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import { HttpError } from './errors.ts';
import { refuseUnstorableParams } from './params.ts';
import type { ExperimentsResponse } from './shapes.ts';

/** Experiment results per split of a journey's live version, and the automatic-winner check. */
export function experimentRoutes(deps: { db: Database; registry: NodeRegistry; now?: () => number }): Router {
  const router = Router();
  const now = deps.now ?? Date.now;
  refuseUnstorableParams(router, 'id');

  router.get('/v1/journeys/:id/experiments', async (req, res) => {
    const journey = await findJourney(deps.db, req.params.id);
    if (!journey) throw new HttpError(404, `There is no journey "${req.params.id}"; GET /v1/journeys lists them`);
    const live = journey.liveVersion === null ? undefined : await findVersion(deps.db, journey.id, journey.liveVersion);
    const plan = live ? Plan.parse(live.plan) : undefined;
    const experiments = plan ? await Promise.all(splitsOf(plan).map((step) => splitResults(deps.db, plan, step, plan.goal, now()))) : [];
    const draft = Journey.safeParse(journey.draft);
    const draftPlan = draft.success && validateGraph(draft.data, { registry: deps.registry }).length === 0 ? compile(draft.data, { registry: deps.registry, version: 0 }) : undefined;
    const body: ExperimentsResponse = {
      journeyId: journey.id,
      goal: (plan?.goal ?? (draft.success ? draft.data.settings.goal : undefined)) ?? null,
      guardrail: 'unsubscribe-rate',
      liveVersion: journey.liveVersion,
      experiments,
      draft: draftPlan ? splitsOf(draftPlan).map((s) => ({ splitId: s.id, plannedPerArm: plannedFor(s), arms: s.arms.length + (s.holdout > 0 ? 1 : 0) })) : [],
    };
    res.json(body);
  });

  router.post('/v1/journeys/:id/experiments/check', async (req, res) => {
    const journey = await findJourney(deps.db, req.params.id);
    if (!journey) throw new HttpError(404, `There is no journey "${req.params.id}"; GET /v1/journeys lists them`);
    res.json({ decided: await applyAutomaticWinners(deps.db, deps.registry, now(), journey.id) });
  });
  return router;
}
