import { Router } from 'express';
import { z } from 'zod';
import { discardDeadLetter, listDeadLetters, retryDeadLetter, type Database } from '../db/index.ts';
import { problemsOf } from '../events/index.ts';
import { HttpError } from './errors.ts';

/** The query of GET /v1/dead-letters. */
export const DeadLetterQuery = z.object({
  status: z.enum(['parked', 'discarded', 'retried']).default('parked'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** The path of one dead letter: the event's sequence number. */
export const DeadLetterParams = z.object({ seq: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** Events the router parked after their retries: list them, put one back in the queue, or discard it. */
export function deadLetterRoutes(deps: { db: Database }): Router {
  const router = Router();
  router.get('/v1/dead-letters', async (req, res) => {
    const query = DeadLetterQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'Invalid query', problemsOf(query.error, 'query'));
    res.json({ deadLetters: await listDeadLetters(deps.db, query.data) });
  });
  const act = (verb: 'retry' | 'discard') => router.post(`/v1/dead-letters/:seq/${verb}`, async (req, res) => {
    const params = DeadLetterParams.safeParse(req.params);
    if (!params.success) throw new HttpError(400, 'Invalid dead-letter number', problemsOf(params.error, 'path'));
    const done = verb === 'retry' ? await retryDeadLetter(deps.db, params.data.seq) : await discardDeadLetter(deps.db, params.data.seq);
    if (!done) throw new HttpError(404, `No parked dead letter ${params.data.seq}`);
    res.json({ seq: params.data.seq, status: verb === 'retry' ? 'retried' : 'discarded' });
  });
  act('retry');
  act('discard');
  return router;
}
