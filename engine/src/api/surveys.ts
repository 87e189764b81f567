import { createHash } from 'node:crypto';
import express, { Router } from 'express';
import { surveys, verifySurveyToken, type SurveyName } from '../email/index.ts';
import { problemsOf, type EventStore } from '../events/index.ts';
import { HttpError } from './errors.ts';
import { surveyPage, thankYouPage } from './survey-page.ts';

/**
 * Survey answer links from emails: `/s/<signed token>?score=9`. Opening the link records nothing (link
 * scanners and prefetchers open links too); it shows the survey with that answer selected and one Send
 * button, whose POST records `NPS Submitted` (or the survey's event) for the customer the link was issued
 * to. The same answer twice is recorded once.
 */
export function surveyRoutes(deps: { store: EventStore; linkSecret: string }): Router {
  const router = Router();
  const claimOf = (token: string) => {
    const claim = verifySurveyToken(deps.linkSecret, token);
    if (!claim) throw new HttpError(400, 'This survey link is not valid (it may have been cut short by the mail program)');
    return claim;
  };
  const answerOf = (name: SurveyName, given: unknown, where: 'query' | 'body') => {
    const answer = surveys[name].answer.safeParse(given);
    if (!answer.success) throw new HttpError(400, 'This answer is not one the survey offers', problemsOf(answer.error, where));
    return answer.data;
  };

  router.get('/s/:token', (req, res) => {
    const claim = claimOf(req.params.token);
    const field = surveys[claim.survey].field;
    const selected = req.query[field] === undefined ? undefined : answerOf(claim.survey, req.query, 'query');
    res.type('html').send(surveyPage(req.params.token, claim.survey, selected ? String(Object.values(selected)[0]) : undefined));
  });

  router.post('/s/:token', express.urlencoded({ extended: false, limit: '1kb' }), async (req, res) => {
    const claim = claimOf(req.params.token);
    const answer = answerOf(claim.survey, req.body ?? {}, 'body');
    const properties = { survey: claim.survey, ...answer };
    const digest = createHash('sha256').update(`${req.params.token}\u0000${JSON.stringify(properties)}`).digest('hex').slice(0, 32);
    await deps.store.append([{
      type: 'track', messageId: `survey-${digest}`, userId: claim.userId, anonymousId: undefined, event: surveys[claim.survey].event,
      properties, traits: {}, context: { channel: 'email' }, timestamp: new Date().toISOString(),
    }]);
    res.type('html').send(thankYouPage(claim.survey, String(Object.values(answer)[0])));
  });
  return router;
}
