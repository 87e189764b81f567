import { createHash } from 'node:crypto';
import { Router } from 'express';
import { surveys, verifySurveyToken } from '../email/index.ts';
import { problemsOf, type EventStore } from '../events/index.ts';
import { HttpError } from './errors.ts';
import { escapeHtml, page } from './page.ts';

/**
 * Survey answer links from emails: `/s/<signed token>?score=9` records `NPS Submitted` with the score
 * for the customer the link was issued to. Following the link is the answer (one click, as NPS emails
 * work); the same answer twice is recorded once.
 */
export function surveyRoutes(deps: { store: EventStore; linkSecret: string }): Router {
  const router = Router();
  router.get('/s/:token', async (req, res) => {
    const claim = verifySurveyToken(deps.linkSecret, req.params.token);
    if (!claim) throw new HttpError(400, 'This survey link is not valid (it may have been cut short by the mail program)');
    const survey = surveys[claim.survey];
    const answer = survey.answer.safeParse(req.query);
    if (!answer.success) throw new HttpError(400, 'This answer is not one the survey offers', problemsOf(answer.error, 'query'));
    const properties = { survey: claim.survey, ...answer.data };
    const digest = createHash('sha256').update(`${req.params.token}\u0000${JSON.stringify(properties)}`).digest('hex').slice(0, 32);
    await deps.store.append([{
      type: 'track', messageId: `survey-${digest}`, userId: claim.userId, anonymousId: undefined, event: survey.event,
      properties, traits: {}, context: { channel: 'email' }, timestamp: new Date().toISOString(),
    }]);
    res.type('html').send(page('Thank you', `<h1>Thank you!</h1><p>We have your answer (${escapeHtml(Object.values(answer.data).map(String).join(', '))}).</p>`));
  });
  return router;
}
