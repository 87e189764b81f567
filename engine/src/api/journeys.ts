import express, { Router } from 'express';
import { z } from 'zod';
import { compile, Journey, validateGraph, type Violation } from '../compiler/index.ts';
import { summarizeNodes, type NodeRegistry } from '../nodes/index.ts';
import { estimatePower, simulate, type SimulationOptions } from '../simulate/index.ts';
import { createJourney, inFlightByJourney, deleteDraft, findJourney, findVersion, listJourneys, listVersions, publishVersion, saveDraft, setJourneyStatus, type Database } from '../db/index.ts';
import { problemsOf, unstorableText } from '../events/index.ts';
import type { TemplateStore } from '../email/index.ts';
import { refuseDeepBodies } from './depth.ts';
import { HttpError } from './errors.ts';
import { refuseUnstorableParams } from './params.ts';
import { VersionNumber } from './shapes.ts';

/** The body of a simulation request: how many synthetic customers, over how long, doing what. */
export const SimulationRequest = z.object({
  customers: z.number().int().min(1).max(100_000).default(1000),
  days: z.number().int().min(1).max(365).default(30),
  seed: z.number().int().default(1),
  traits: z.record(z.string(), z.unknown()).default({}),
  behaviours: z.array(z.object({
    event: z.string().min(1),
    probability: z.number().min(0).max(1),
    withinDays: z.number().positive(),
    properties: z.record(z.string(), z.unknown()).optional(),
    /** Only customers in this arm of a split do it (to simulate an effect). */
    arm: z.string().optional(),
  })).default([]),
  /** Repeat the simulation this many times to estimate the power of each split's test (0: don't). */
  powerReplicates: z.number().int().min(0).max(200).default(0),
}).refine((r) => r.customers * Math.max(1, r.powerReplicates) <= 2_000_000, { path: ['powerReplicates'], message: 'customers x powerReplicates may be at most 2,000,000' });

/** The body of a publish request. */
export const PublishRequest = z.object({ note: z.string().max(500).optional() });

interface Deps { db: Database; registry: NodeRegistry; templates: TemplateStore }

/** Journey management: drafts, validation, publishing numbered versions, pause/resume, simulation. */
export function journeyRoutes(deps: Deps): Router {
  const router = Router();
  router.use('/v1/journeys', express.json({ limit: '2mb' }), refuseDeepBodies);
  refuseUnstorableParams(router, 'id');

  const templateIds = async () => new Set((await deps.templates.list()).map((t) => t.id));
  const violationsOf = async (graph: unknown): Promise<Violation[]> => validateGraph(graph, { registry: deps.registry, templates: await templateIds() });
  const mustFind = async (id: string) => {
    const journey = await findJourney(deps.db, id);
    if (!journey) throw new HttpError(404, `There is no journey "${id}"; GET /v1/journeys lists them`);
    return journey;
  };
  // Nodes saved without a version get the installed one, so a later version of the node type reads
  // them through its migrate (or refuses them) instead of misreading them.
  const withVersions = (journey: Journey): Journey => ({
    ...journey,
    nodes: journey.nodes.map((node) => {
      const installed = deps.registry.get(node.type)?.version;
      return node.version !== undefined || installed === undefined ? node : { ...node, version: installed };
    }),
  });
  const parseJourney = (body: unknown) => {
    const parsed = Journey.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'The journey JSON is not valid', problemsOf(parsed.error));
    const unstorable = unstorableText(parsed.data);
    if (unstorable.length > 0) throw new HttpError(400, `The journey has text that cannot be stored, at ${unstorable[0]?.path}`, unstorable);
    return withVersions(parsed.data);
  };

  router.get('/v1/journeys', async (_req, res) => {
    const [journeys, inFlight] = await Promise.all([listJourneys(deps.db), inFlightByJourney(deps.db)]);
    res.json({ journeys: journeys.map((j) => ({ ...j, inFlight: inFlight.get(j.id) ?? 0 })) });
  });
  router.post('/v1/journeys', async (req, res) => {
    const journey = parseJourney(req.body);
    if (!(await createJourney(deps.db, journey.id, journey.name, journey))) throw new HttpError(409, `A journey with id "${journey.id}" exists already`);
    res.status(201).json(await mustFind(journey.id));
  });
  router.get('/v1/journeys/:id', async (req, res) => {
    res.json(await mustFind(req.params.id));
  });
  router.put('/v1/journeys/:id', async (req, res) => {
    const journey = parseJourney(req.body);
    if (journey.id !== req.params.id) throw new HttpError(400, `The body's id "${journey.id}" differs from the URL's "${req.params.id}"`, [{ path: 'id', message: 'must match the URL' }]);
    if (!(await saveDraft(deps.db, journey.id, journey.name, journey))) throw new HttpError(404, `There is no journey "${req.params.id}"`);
    res.json(await mustFind(journey.id));
  });
  router.delete('/v1/journeys/:id', async (req, res) => {
    await mustFind(req.params.id);
    if (!(await deleteDraft(deps.db, req.params.id))) throw new HttpError(409, 'A published journey cannot be deleted; pause it instead');
    res.status(204).end();
  });
  router.post('/v1/journeys/:id/validate', async (req, res) => {
    const journey = await mustFind(req.params.id);
    const graph = req.body && Object.keys(req.body as object).length > 0 ? req.body : journey.draft;
    const violations = await violationsOf(graph);
    const parsed = Journey.safeParse(graph);
    res.json({ valid: violations.length === 0, violations, summaries: parsed.success ? summarizeNodes(parsed.data.nodes, deps.registry) : {} });
  });
  router.post('/v1/journeys/:id/publish', async (req, res) => {
    const journey = await mustFind(req.params.id);
    const body = PublishRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'Invalid publish request', problemsOf(body.error));
    const unstorable = unstorableText(body.data);
    if (unstorable.length > 0) throw new HttpError(400, `The publish note has text that cannot be stored`, unstorable);
    const violations = await violationsOf(journey.draft);
    if (violations.length > 0) throw new HttpError(422, `The journey has ${violations.length} problem(s); fix them before publishing`, [], { violations });
    const graph = withVersions(Journey.parse(journey.draft));
    const version = await publishVersion(deps.db, journey.id, graph, (v) => compile(graph, { registry: deps.registry, version: v }), body.data.note ?? null);
    res.json({ version });
  });
  router.post('/v1/journeys/:id/pause', async (req, res) => {
    await mustFind(req.params.id);
    if (!(await setJourneyStatus(deps.db, req.params.id, 'paused'))) throw new HttpError(409, 'Only a published journey can be paused');
    res.json(await mustFind(req.params.id));
  });
  router.post('/v1/journeys/:id/resume', async (req, res) => {
    await mustFind(req.params.id);
    if (!(await setJourneyStatus(deps.db, req.params.id, 'live'))) throw new HttpError(409, 'Only a published journey can be resumed');
    res.json(await mustFind(req.params.id));
  });
  router.get('/v1/journeys/:id/versions', async (req, res) => {
    await mustFind(req.params.id);
    const versions = await listVersions(deps.db, req.params.id);
    res.json({ versions: versions.map(({ plan: _plan, ...v }) => v) });
  });
  router.get('/v1/journeys/:id/versions/:version', async (req, res) => {
    const number = VersionNumber.safeParse(req.params.version);
    if (!number.success) throw new HttpError(400, `"${req.params.version}" is not a version number: versions are whole numbers from 1`, problemsOf(number.error, 'version'));
    const version = await findVersion(deps.db, req.params.id, number.data);
    if (!version) throw new HttpError(404, `Journey "${req.params.id}" has no version ${number.data}`);
    res.json(version);
  });
  router.post('/v1/journeys/:id/simulate', async (req, res) => {
    const journey = await mustFind(req.params.id);
    const body = SimulationRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'Invalid simulation request', problemsOf(body.error));
    const violations = await violationsOf(journey.draft);
    if (violations.length > 0) throw new HttpError(422, 'The journey has problems; fix them before simulating', [], { violations });
    const plan = compile(Journey.parse(journey.draft), { registry: deps.registry, version: 0 });
    const day = 86_400_000;
    const options: SimulationOptions = {
      customers: body.data.customers, seed: body.data.seed, startMs: Date.UTC(2026, 0, 5), horizonDays: body.data.days,
      traits: () => body.data.traits, nodes: deps.registry,
      behaviours: body.data.behaviours.map((b) => ({ event: b.event, probability: b.probability, withinMs: b.withinDays * day, ...(b.properties ? { properties: b.properties } : {}), ...(b.arm ? { arm: b.arm } : {}) })),
    };
    const result = simulate(plan, options);
    const replicates = body.data.powerReplicates;
    const power = replicates > 0 ? result.experiments.map((e) => estimatePower(plan, e.splitId, { ...options, replicates })) : [];
    res.json({ ...result, ...(replicates > 0 ? { power } : {}) });
  });
  return router;
}
