import { z } from 'zod';
import { emailStepStats, findJourney, type Database, type EmailStepStats } from '../db/index.ts';
import type { EmailRates } from './shapes.ts';
import { EmailStats } from './shapes.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';

const COUNTS = ['sent', 'delivered', 'bounced', 'opened', 'clicked', 'unsubscribed', 'complained'] as const;
const rate = (n: number, of: number): number | null => (of > 0 ? n / of : null);

/** One email step's rates summed over its templates, for the canvas's email node. */
export function emailRatesByStep(rows: EmailStepStats[]): Record<string, EmailRates> {
  const byStep: Record<string, EmailRates> = {};
  for (const row of rows) {
    const into = (byStep[row.stepId] ??= {
      ...{ sent: 0, delivered: 0, bounced: 0, opened: 0, clicked: 0, unsubscribed: 0, complained: 0 },
    });
    for (const key of COUNTS) into[key] += row[key];
  }
  return byStep;
}

/** `GET /v1/journeys/:id/email-stats`: sent, delivered, bounced, opened, clicked, unsubscribed, complained per email step and template. */
export function emailStatsRoutes(deps: { db: Database }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/journeys/:id/email-stats',
      auth: 'admin',
      summary:
        'Per email step and template (every version): sent, delivered, bounced, opened, clicked, unsubscribed, complained; human opens and clicks only',
      params: { schema: z.object({ id: z.string() }), invalid: 'Invalid journey id' },
      responses: { 200: { description: 'Email numbers per step', schema: EmailStats }, 404: 'Unknown journey' },
      handler: async ({ params, res }) => {
        const journey = await findJourney(deps.db, params.id);
        if (!journey) throw new HttpError(404, `There is no journey "${params.id}"; GET /v1/journeys lists them`);
        const steps = (await emailStepStats(deps.db, journey.id)).map((s) => ({
          ...s,
          openRate: rate(s.opened, s.delivered),
          clickRate: rate(s.clicked, s.delivered),
        }));
        res.json({ journeyId: journey.id, steps } satisfies EmailStats);
      },
    }),
  ];
}
