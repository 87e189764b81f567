import type { Response } from 'express';
import { z } from 'zod';
import { compile, Journey, validateGraph, type Violation } from '../compiler/index.ts';
import { summarizeNodes, type NodeRegistry } from '../nodes/index.ts';
import { estimatePower, simulate, type SimulationOptions } from '../simulate/index.ts';
import {
  createJourney,
  inFlightByJourney,
  deleteDraft,
  findJourney,
  findVersion,
  listAudiences,
  listSubscriptionGroups,
  listJourneys,
  listVersions,
  publishVersion,
  saveDraft,
  setJourneyStatus,
  type Database,
  getSendingSettings,
} from '../db/index.ts';
import type { TemplateStore } from '../email/index.ts';
import { knownSenderIds, senderViolations } from '../deliverability/index.ts';
import { groupViolations } from '../consent/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import {
  ErrorAnswer,
  JourneyList,
  JourneyRecordShape,
  PublishAnswer,
  PublishRequest,
  SimulationAnswer,
  SimulationRequest,
  ValidationAnswer,
  UnsavedSimulationRequest,
  VersionInfo,
  VersionList,
  VersionNumber,
} from './shapes.ts';

interface Deps {
  db: Database;
  registry: NodeRegistry;
  templates: TemplateStore;
}

const JOURNEY_LIMIT = '2mb';
const JourneyId = { schema: z.object({ id: z.string() }), invalid: 'Invalid journey id' };
const journeyBody = { schema: Journey, invalid: 'The journey JSON is not valid', limit: JOURNEY_LIMIT };
const answer = (description: string, schema: z.ZodType) => ({ description, schema });
const UNKNOWN = 'Unknown journey';

/** Journey management: drafts, validation, publishing numbered versions, pause/resume, simulation. */
export function journeyRoutes(deps: Deps): Route[] {
  const templateIds = async () => new Set((await deps.templates.list()).map((t) => t.id));
  const audienceIds = async () => new Set((await listAudiences(deps.db)).map((a) => a.id));
  const violationsOf = async (graph: unknown): Promise<Violation[]> => [
    ...validateGraph(graph, {
      registry: deps.registry,
      templates: await templateIds(),
      audiences: await audienceIds(),
    }),
    ...senderViolations(Journey.safeParse(graph).data ?? {}, await knownSenderIds(deps.db)),
    ...groupViolations(
      Journey.safeParse(graph).data ?? {},
      new Set((await listSubscriptionGroups(deps.db)).map((g) => g.id)),
    ),
  ];
  const validationOf = async (graph: unknown) => {
    const violations = await violationsOf(graph);
    const parsed = Journey.safeParse(graph);
    return {
      valid: violations.length === 0,
      violations,
      summaries: parsed.success ? summarizeNodes(parsed.data.nodes, deps.registry) : {},
    };
  };
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
  // Simulates a journey (a saved draft or one sent in the body) after validating it.
  const simulateGraph = async (
    graph: unknown,
    body: Omit<z.output<typeof SimulationRequest>, 'journey'>,
    res: Response,
  ) => {
    const violations = await violationsOf(graph);
    if (violations.length > 0)
      throw new HttpError(422, 'The journey has problems; fix them before simulating', [], { violations });
    const plan = compile(Journey.parse(graph), { registry: deps.registry, version: 0 });
    const day = 86_400_000;
    const options: SimulationOptions = {
      customers: body.customers,
      seed: body.seed,
      startMs: Date.UTC(2026, 0, 5),
      horizonDays: body.days,
      traits: () => body.traits,
      nodes: deps.registry,
      behaviours: body.behaviours.map((b) => ({
        event: b.event,
        probability: b.probability,
        withinMs: b.withinDays * day,
        ...(b.properties ? { properties: b.properties } : {}),
        ...(b.arm ? { arm: b.arm } : {}),
      })),
      audiences: body.audiences,
      sending: await getSendingSettings(deps.db),
    };
    const result = simulate(plan, options);
    const replicates = body.powerReplicates;
    const power =
      replicates > 0 ? result.experiments.map((e) => estimatePower(plan, e.splitId, { ...options, replicates })) : [];
    res.json({ ...result, ...(replicates > 0 ? { power } : {}) });
  };
  const setStatus = (verb: 'pause' | 'resume') =>
    defineRoute({
      method: 'post',
      path: `/v1/journeys/:id/${verb}`,
      auth: 'admin',
      params: JourneyId,
      summary: verb === 'pause' ? 'Stop enrolling new customers' : 'Enroll new customers again',
      responses: {
        200: answer(verb === 'pause' ? 'Paused' : 'Live', JourneyRecordShape),
        404: UNKNOWN,
        409: 'Never published',
      },
      handler: async ({ params, res }) => {
        await mustFind(params.id);
        if (!(await setJourneyStatus(deps.db, params.id, verb === 'pause' ? 'paused' : 'live')))
          throw new HttpError(409, `Only a published journey can be ${verb}d`);
        res.json(await mustFind(params.id));
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/v1/journeys',
      auth: 'admin',
      summary: 'List journeys',
      responses: { 200: answer('Journeys', JourneyList) },
      handler: async ({ res }) => {
        const [journeys, inFlight] = await Promise.all([listJourneys(deps.db), inFlightByJourney(deps.db)]);
        res.json({ journeys: journeys.map((j) => ({ ...j, inFlight: inFlight.get(j.id) ?? 0 })) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/journeys',
      auth: 'admin',
      summary: 'Create a draft journey',
      body: journeyBody,
      responses: { 201: answer('Created', JourneyRecordShape), 409: 'Id taken' },
      handler: async ({ body, res }) => {
        const journey = withVersions(body);
        if (!(await createJourney(deps.db, journey.id, journey.name, journey)))
          throw new HttpError(409, `A journey with id "${journey.id}" exists already`);
        res.status(201).json(await mustFind(journey.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/journeys/validate',
      auth: 'admin',
      summary: 'Validate a journey that need not be saved (its problems are answered as violations)',
      body: { schema: Journey, invalid: 'Invalid journey', limit: JOURNEY_LIMIT, read: (raw: unknown): unknown => raw },
      responses: { 200: answer('Violations and node summaries', ValidationAnswer) },
      handler: async ({ body, res }) => {
        res.json(await validationOf(body));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/journeys/simulate',
      auth: 'admin',
      summary: 'Run the journey in the body (need not be saved) over synthetic customers',
      body: { schema: UnsavedSimulationRequest, invalid: 'Invalid simulation request', limit: JOURNEY_LIMIT },
      responses: {
        200: answer('Counts per node and edge, emails per day', SimulationAnswer),
        422: answer('The journey has violations', ErrorAnswer),
      },
      handler: async ({ body, res }) => {
        await simulateGraph(body.journey, body, res);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/journeys/:id',
      auth: 'admin',
      summary: 'Read a journey',
      params: JourneyId,
      responses: { 200: answer('The journey', JourneyRecordShape), 404: UNKNOWN },
      handler: async ({ params, res }) => {
        res.json(await mustFind(params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/journeys/:id',
      auth: 'admin',
      summary: "Save the draft (the body's id is the URL's)",
      params: JourneyId,
      body: journeyBody,
      responses: { 200: answer('Saved', JourneyRecordShape), 404: UNKNOWN },
      handler: async ({ params, body, res }) => {
        const journey = withVersions(body);
        if (journey.id !== params.id)
          throw new HttpError(400, `The body's id "${journey.id}" differs from the URL's "${params.id}"`, [
            { path: 'id', message: 'must match the URL' },
          ]);
        if (!(await saveDraft(deps.db, journey.id, journey.name, journey)))
          throw new HttpError(404, `There is no journey "${params.id}"`);
        res.json(await mustFind(journey.id));
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/journeys/:id',
      auth: 'admin',
      summary: 'Delete a journey that was never published',
      params: JourneyId,
      responses: { 204: { description: 'Deleted' }, 404: UNKNOWN, 409: 'Published journeys are paused, not deleted' },
      handler: async ({ params, res }) => {
        await mustFind(params.id);
        if (!(await deleteDraft(deps.db, params.id)))
          throw new HttpError(409, 'A published journey cannot be deleted; pause it instead');
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/journeys/:id/validate',
      auth: 'admin',
      summary:
        'Validate the draft, or the journey in the body when one is sent (its problems are answered as violations)',
      params: JourneyId,
      // Read as it is: validating it is this route's answer, not a reason to refuse it.
      body: {
        schema: Journey.optional(),
        invalid: 'Invalid journey',
        limit: JOURNEY_LIMIT,
        read: (raw: unknown): unknown => raw,
      },
      responses: { 200: answer('Violations and node summaries', ValidationAnswer), 404: UNKNOWN },
      handler: async ({ params, body, res }) => {
        const journey = await mustFind(params.id);
        const graph = body && typeof body === 'object' && Object.keys(body).length > 0 ? body : journey.draft;
        res.json(await validationOf(graph));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/journeys/:id/publish',
      auth: 'admin',
      summary: 'Publish the draft as the next numbered version',
      params: JourneyId,
      body: { schema: PublishRequest, invalid: 'Invalid publish request', limit: JOURNEY_LIMIT },
      responses: {
        200: answer('Published', PublishAnswer),
        404: UNKNOWN,
        422: answer('The draft has violations', ErrorAnswer),
      },
      handler: async ({ params, body, res }) => {
        const journey = await mustFind(params.id);
        const violations = await violationsOf(journey.draft);
        if (violations.length > 0)
          throw new HttpError(422, `The journey has ${violations.length} problem(s); fix them before publishing`, [], {
            violations,
          });
        const graph = withVersions(Journey.parse(journey.draft));
        const version = await publishVersion(
          deps.db,
          journey.id,
          graph,
          (v) => compile(graph, { registry: deps.registry, version: v }),
          body.note ?? null,
        );
        res.json({ version });
      },
    }),
    setStatus('pause'),
    setStatus('resume'),
    defineRoute({
      method: 'get',
      path: '/v1/journeys/:id/versions',
      auth: 'admin',
      summary: 'Published versions',
      params: JourneyId,
      responses: { 200: answer('Versions', VersionList), 404: UNKNOWN },
      handler: async ({ params, res }) => {
        await mustFind(params.id);
        const versions = await listVersions(deps.db, params.id);
        res.json({ versions: versions.map(({ plan: _plan, ...v }) => v) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/journeys/:id/versions/:version',
      auth: 'admin',
      summary: 'One published version with its compiled plan',
      params: {
        schema: z.object({ id: z.string(), version: VersionNumber }),
        invalid: 'Not a version number: versions are whole numbers from 1',
      },
      responses: {
        200: answer('The version', VersionInfo.extend({ plan: z.unknown() })),
        404: 'Unknown journey or version',
      },
      handler: async ({ params, res }) => {
        const version = await findVersion(deps.db, params.id, params.version);
        if (!version) throw new HttpError(404, `Journey "${params.id}" has no version ${params.version}`);
        res.json(version);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/journeys/:id/simulate',
      auth: 'admin',
      summary: 'Run the draft (or the journey in the body) over synthetic customers',
      params: JourneyId,
      body: { schema: SimulationRequest, invalid: 'Invalid simulation request', limit: JOURNEY_LIMIT },
      responses: {
        200: answer('Counts per node and edge, emails per day', SimulationAnswer),
        404: UNKNOWN,
        422: answer('The draft has violations', ErrorAnswer),
      },
      handler: async ({ params, body, res }) => {
        const journey = await mustFind(params.id);
        await simulateGraph(body.journey ?? journey.draft, body, res);
      },
    }),
  ];
}
