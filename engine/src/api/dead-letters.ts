import { discardDeadLetter, listDeadLetters, retryDeadLetter, type Database } from '../db/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import { DeadLetterActionAnswer, DeadLetterList, DeadLetterParams, DeadLetterQuery } from './shapes.ts';

/** Events the router parked after their retries: list them, put one back in the queue, or discard it. */
export function deadLetterRoutes(deps: { db: Database }): Route[] {
  const act = (verb: 'retry' | 'discard') =>
    defineRoute({
      method: 'post',
      path: `/v1/dead-letters/:seq/${verb}`,
      auth: 'admin',
      summary: verb === 'retry' ? 'Put a parked event back in the routing queue' : 'Give up on a parked event',
      params: { schema: DeadLetterParams, invalid: 'Invalid dead-letter number', at: 'path' },
      responses: {
        200: { description: verb === 'retry' ? 'Queued again' : 'Discarded', schema: DeadLetterActionAnswer },
        404: 'No such parked event',
      },
      handler: async ({ params, res }) => {
        const done =
          verb === 'retry' ? await retryDeadLetter(deps.db, params.seq) : await discardDeadLetter(deps.db, params.seq);
        if (!done) throw new HttpError(404, `No parked dead letter ${params.seq}`);
        res.json({ seq: params.seq, status: verb === 'retry' ? 'retried' : 'discarded' });
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/v1/dead-letters',
      auth: 'admin',
      summary:
        'Events the router parked after their retries (event, customer, journey, error, attempts, first and last try)',
      query: { schema: DeadLetterQuery, invalid: 'Invalid query', at: 'query' },
      responses: { 200: { description: 'Dead letters', schema: DeadLetterList } },
      handler: async ({ query, res }) => {
        res.json({ deadLetters: await listDeadLetters(deps.db, query) });
      },
    }),
    act('retry'),
    act('discard'),
  ];
}
