import { z } from 'zod';
import {
  AudienceDefinition,
  audienceJsonSchema,
  audienceProblems,
  journeyReferences,
  AudienceKeeper,
  type AudienceCondition,
} from '../audiences/index.ts';
import {
  audienceHistory,
  audienceMembersPage,
  audiencesOfCustomer,
  audienceSize,
  countAudience,
  createAudience,
  deleteAudience,
  findAudience,
  findJourney,
  listAudiences,
  sampleAudience,
  updateAudience,
  type AudienceRecord,
  type Database,
} from '../db/index.ts';
import {
  AudienceHistory,
  AudienceList,
  AudiencePreview,
  AudiencePreviewRequest,
  AudienceRecordShape,
  AudienceSaved,
  CustomerAudiences,
  HistoryQuery,
  MembersPage,
  MembersQuery,
} from './audience-shapes.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import { ErrorAnswer } from './shapes.ts';

const LIMIT = '256kb';
const AudienceId = { schema: z.object({ id: z.string() }), invalid: 'Invalid audience id' };
const definitionBody = { schema: AudienceDefinition, invalid: 'The audience definition is not valid', limit: LIMIT };
const answer = (description: string, schema: z.ZodType) => ({ description, schema });
const UNKNOWN = 'Unknown audience';
const REFUSED = answer('The definition is well-formed but cannot be used (each problem has its path)', ErrorAnswer);
/** Paths of this API that an audience id would shadow. */
const RESERVED = new Set(['schema', 'preview']);
const DAY = 86_400_000;

/** Audiences: definitions (versioned), the live count of a draft, members, membership over time, a customer's audiences. */
export function audienceRoutes(deps: { db: Database }): Route[] {
  const keeper = new AudienceKeeper(deps.db);
  const mustFind = async (id: string): Promise<AudienceRecord> => {
    const found = await findAudience(deps.db, id);
    if (!found) throw new HttpError(404, `There is no audience "${id}"; GET /v1/audiences lists them`);
    return found;
  };
  const shown = async (record: AudienceRecord) => ({
    id: record.id,
    name: record.name,
    version: record.version,
    definition: AudienceDefinition.parse(record.definition),
    size: await audienceSize(deps.db, record.id),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
  /** Refuses (422, with paths) a condition the schema accepts but that cannot be used. */
  const refuseUnusable = async (condition: AudienceCondition) => {
    const problems = audienceProblems(condition);
    for (const ref of journeyReferences(condition))
      if (!(await findJourney(deps.db, ref.journeyId)))
        problems.push({ path: ref.path, message: `there is no journey "${ref.journeyId}"` });
    if (problems.length > 0)
      throw new HttpError(422, `The audience definition has ${problems.length} problem(s)`, problems);
  };

  return [
    defineRoute({
      method: 'get',
      path: '/v1/audiences',
      auth: 'admin',
      summary: 'List audiences with their sizes',
      responses: { 200: answer('Audiences', AudienceList) },
      handler: async ({ res }) => {
        res.json({ audiences: await Promise.all((await listAudiences(deps.db)).map(shown)) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/audiences/schema',
      auth: 'admin',
      summary: 'The audience definition format as JSON Schema (for forms such as the audience builder)',
      responses: { 200: answer('JSON Schema', z.record(z.string(), z.unknown())) },
      canBeUnavailable: false,
      handler: ({ res }) => {
        res.json(audienceJsonSchema());
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/audiences',
      auth: 'admin',
      summary:
        'Add an audience; its members are found at once (they get Audience Entered, stored as history: no journey starts)',
      body: definitionBody,
      responses: { 201: answer('Created', AudienceSaved), 409: 'Id taken', 422: REFUSED },
      handler: async ({ body, res }) => {
        if (RESERVED.has(body.id))
          throw new HttpError(422, `"${body.id}" cannot be an audience id`, [{ path: 'id', message: 'reserved' }]);
        await refuseUnusable(body.condition);
        if (!(await createAudience(deps.db, { id: body.id, name: body.name, definition: body })))
          throw new HttpError(409, `An audience with id "${body.id}" exists already`);
        const backfill = await keeper.backfill(body.id);
        res.status(201).json({ ...(await shown(await mustFind(body.id))), backfill });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/audiences/preview',
      auth: 'admin',
      summary:
        'Count the customers a condition selects now, out of all customers, with a sample of 20 (nothing is saved)',
      body: { schema: AudiencePreviewRequest, invalid: 'The audience condition is not valid', limit: LIMIT },
      responses: { 200: answer('Count and sample', AudiencePreview), 422: REFUSED },
      handler: async ({ body, res }) => {
        await refuseUnusable(body.condition);
        const now = new Date();
        const [counts, sample] = await Promise.all([
          countAudience(deps.db, body.condition, now),
          sampleAudience(deps.db, body.condition, now, 20),
        ]);
        res.json({ ...counts, sample });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/audiences/:id',
      auth: 'admin',
      summary: 'Read an audience',
      params: AudienceId,
      responses: { 200: answer('The audience', AudienceRecordShape), 404: UNKNOWN },
      handler: async ({ params, res }) => {
        res.json(await shown(await mustFind(params.id)));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/audiences/:id',
      auth: 'admin',
      summary: "Save a changed definition as the next version and recompute membership (the body's id is the URL's)",
      params: AudienceId,
      body: definitionBody,
      responses: { 200: answer('Saved', AudienceSaved), 404: UNKNOWN, 422: REFUSED },
      handler: async ({ params, body, res }) => {
        await mustFind(params.id);
        if (body.id !== params.id)
          throw new HttpError(400, `The body's id "${body.id}" differs from the URL's "${params.id}"`, [
            { path: 'id', message: 'must match the URL' },
          ]);
        await refuseUnusable(body.condition);
        await updateAudience(deps.db, { id: body.id, name: body.name, definition: body });
        const backfill = await keeper.backfill(body.id);
        res.json({ ...(await shown(await mustFind(body.id))), backfill });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/audiences/:id',
      auth: 'admin',
      summary: 'Delete an audience with its versions and membership history',
      params: AudienceId,
      responses: { 204: { description: 'Deleted' }, 404: UNKNOWN },
      handler: async ({ params, res }) => {
        if (!(await deleteAudience(deps.db, params.id)))
          throw new HttpError(404, `There is no audience "${params.id}"`);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/audiences/:id/members',
      auth: 'admin',
      summary: 'The current members, by user id, a page at a time',
      params: AudienceId,
      query: { schema: MembersQuery, invalid: 'Invalid members query', at: 'query' },
      responses: { 200: answer('A page of members', MembersPage), 404: UNKNOWN },
      handler: async ({ params, query, res }) => {
        await mustFind(params.id);
        const members = await audienceMembersPage(deps.db, params.id, query.after, query.limit);
        const last = members.at(-1);
        res.json({ members, ...(last && members.length === query.limit ? { next: last.userId } : {}) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/audiences/:id/history',
      auth: 'admin',
      summary: 'Membership over time: per UTC day, customers who entered, who left, and the size at the end of the day',
      params: AudienceId,
      query: { schema: HistoryQuery, invalid: 'Invalid history query', at: 'query' },
      responses: { 200: answer('Daily counts', AudienceHistory), 404: UNKNOWN, 422: REFUSED },
      handler: async ({ params, query, res }) => {
        await mustFind(params.id);
        const to = query.to ?? new Date().toISOString().slice(0, 10);
        const from = query.from ?? new Date(Date.parse(to) - 29 * DAY).toISOString().slice(0, 10);
        const span = (Date.parse(to) - Date.parse(from)) / DAY;
        if (Number.isNaN(span) || span < 0 || span > 366)
          throw new HttpError(422, 'The history covers 1 to 367 days, from a date to a later one', [
            { path: 'query.from', message: `from ${from} to ${to} is not such a range` },
          ]);
        res.json({ days: await audienceHistory(deps.db, params.id, from, to) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/customers/:userId/audiences',
      auth: 'admin',
      summary: 'The audiences a customer is in now',
      params: { schema: z.object({ userId: z.string() }), invalid: 'Invalid user id' },
      responses: { 200: answer("The customer's audiences", CustomerAudiences) },
      handler: async ({ params, res }) => {
        res.json({ audiences: await audiencesOfCustomer(deps.db, params.userId) });
      },
    }),
  ];
}
