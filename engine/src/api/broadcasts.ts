import { z } from 'zod';
import {
  broadcastRecipientsPage,
  createBroadcast,
  findAudience,
  findBroadcast,
  findJourney,
  listBroadcasts,
  type Database,
} from '../db/index.ts';
import type { TemplateStore } from '../email/index.ts';
import type { BroadcastCommand, BroadcastRunner } from '../temporal/broadcast-runner.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import {
  BroadcastList,
  BroadcastRequest,
  BroadcastShape,
  RecipientsPage,
  RecipientsQuery,
} from './broadcast-shapes.ts';

interface Deps {
  db: Database;
  templates: TemplateStore;
  /** Starts and signals broadcast workflows; absent (no Temporal): creating and commands answer 503. */
  broadcasts?: BroadcastRunner | undefined;
}

const BroadcastId = { schema: z.object({ id: z.string() }), invalid: 'Invalid broadcast id' };
const answer = (description: string, schema: z.ZodType) => ({ description, schema });
const UNKNOWN = 'Unknown broadcast';

/** What is wrong with a broadcast request beyond its shape: unknown names, choices that exclude each other. */
async function problemsOf(deps: Deps, body: BroadcastRequest): Promise<Array<{ path: string; message: string }>> {
  const problems: Array<{ path: string; message: string }> = [];
  if (!(await findAudience(deps.db, body.audienceId)))
    problems.push({ path: 'audienceId', message: `there is no audience "${body.audienceId}"` });
  if (body.template !== undefined && body.journeyId !== undefined)
    problems.push({ path: 'journeyId', message: 'give either a template to send or a journey to enter, not both' });
  else if (body.template === undefined && body.journeyId === undefined)
    problems.push({ path: 'template', message: 'give a template to send, or a journeyId to enter' });
  if (body.template !== undefined && !(await deps.templates.list()).some((t) => t.id === body.template))
    problems.push({ path: 'template', message: `there is no template "${body.template}"` });
  if (body.journeyId !== undefined && body.template === undefined) {
    const journey = await findJourney(deps.db, body.journeyId);
    if (!journey) problems.push({ path: 'journeyId', message: `there is no journey "${body.journeyId}"` });
    else if (journey.status !== 'live')
      problems.push({ path: 'journeyId', message: `journey "${body.journeyId}" is not live; publish it first` });
  }
  if (body.startAt !== undefined && body.localTime !== undefined)
    problems.push({
      path: 'localTime',
      message: "give either startAt (one instant) or localTime (a time in each recipient's zone), not both",
    });
  return problems;
}

/** Broadcasts: one-off sends of a template to an audience, with pause, resume, cancel and per-recipient results. */
export function broadcastRoutes(deps: Deps): Route[] {
  const mustFind = async (id: string) => {
    const found = await findBroadcast(deps.db, id);
    if (!found) throw new HttpError(404, `There is no broadcast "${id}"; GET /v1/broadcasts lists them`);
    return found;
  };
  const runner = () => {
    if (!deps.broadcasts)
      throw new HttpError(503, 'Broadcasts need the workflow engine, which this process has no connection to');
    return deps.broadcasts;
  };
  const command = (verb: BroadcastCommand, summary: string, allowed: readonly string[]) =>
    defineRoute({
      method: 'post',
      path: `/v1/broadcasts/:id/${verb}`,
      auth: 'admin',
      params: BroadcastId,
      summary,
      responses: {
        202: answer('Asked; the state changes after the batch in hand', BroadcastShape),
        404: UNKNOWN,
        409: 'Not possible in its state',
      },
      handler: async ({ params, res }) => {
        const found = await mustFind(params.id);
        if (!allowed.includes(found.state))
          throw new HttpError(
            409,
            `Broadcast "${params.id}" is ${found.state}; only a ${allowed.join(' or ')} one can be told to ${verb}`,
          );
        await runner().signal(found.workflowId, verb);
        res.status(202).json(found);
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/v1/broadcasts',
      auth: 'admin',
      summary: 'List broadcasts with their counts',
      responses: { 200: answer('Broadcasts', BroadcastList) },
      handler: async ({ res }) => {
        res.json({ broadcasts: await listBroadcasts(deps.db) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/broadcasts',
      auth: 'admin',
      summary:
        "Send a template to an audience (or enter it into a journey), now, at an instant or at a local time in each recipient's zone, throttled, with an optional holdout",
      body: { schema: BroadcastRequest, invalid: 'The broadcast is not valid', limit: '16kb' },
      responses: {
        201: answer('Created', BroadcastShape),
        409: 'Id taken',
        422: 'Unknown audience, template or journey; template and journeyId, or startAt and localTime, together',
      },
      handler: async ({ body, res }) => {
        const problems = await problemsOf(deps, body);
        if (problems.length > 0) throw new HttpError(422, `The broadcast has ${problems.length} problem(s)`, problems);
        const run = runner();
        const workflowId = `broadcast:${body.id}`;
        const startAt = body.startAt ? new Date(body.startAt).toISOString() : new Date().toISOString();
        const created = await createBroadcast(deps.db, {
          id: body.id,
          name: body.name ?? body.id,
          audienceId: body.audienceId,
          template: body.template ?? null,
          journeyId: body.journeyId ?? null,
          subject: body.subject ?? null,
          ratePerSecond: body.ratePerSecond,
          holdoutPercent: body.holdoutPercent,
          startAt,
          localTime: body.localTime ?? null,
          workflowId,
        });
        if (!created) throw new HttpError(409, `A broadcast with id "${body.id}" exists already`);
        await run.start(workflowId, {
          broadcastId: body.id,
          audienceId: body.audienceId,
          template: body.template,
          journeyId: body.journeyId,
          subject: body.subject,
          localTime: body.localTime,
          ratePerSecond: body.ratePerSecond,
          holdoutPercent: body.holdoutPercent,
          cursor: '',
          startAt,
        });
        res.status(201).json(await mustFind(body.id));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/broadcasts/:id',
      auth: 'admin',
      params: BroadcastId,
      summary: 'A broadcast: its state and counts (sent, skipped by reason, failed, in doubt, held out, total)',
      responses: { 200: answer('The broadcast', BroadcastShape), 404: UNKNOWN },
      handler: async ({ params, res }) => {
        res.json(await mustFind(params.id));
      },
    }),
    command('pause', 'Pause after the batch in hand', ['scheduled', 'sending']),
    command('resume', 'Go on sending after a pause', ['paused']),
    command('cancel', 'Stop for good after the batch in hand', ['scheduled', 'sending', 'paused']),
    defineRoute({
      method: 'get',
      path: '/v1/broadcasts/:id/recipients',
      auth: 'admin',
      params: BroadcastId,
      summary: 'The recipients handled so far with their status, by user id, a page at a time',
      query: { schema: RecipientsQuery, invalid: 'Invalid recipients query', at: 'query' },
      responses: { 200: answer('A page of recipients', RecipientsPage), 404: UNKNOWN },
      handler: async ({ params, query, res }) => {
        await mustFind(params.id);
        const recipients = await broadcastRecipientsPage(deps.db, params.id, query);
        const last = recipients.at(-1);
        res.json({ recipients, ...(last && recipients.length === query.limit ? { next: last.userId } : {}) });
      },
    }),
  ];
}
