import { createHash } from 'node:crypto';
import { z } from 'zod';
import { surveys, verifySurveyToken, type SurveyName } from '../email/index.ts';
import { findCustomer, type Database } from '../db/index.ts';
import { problemsOf, type EventStore } from '../events/index.ts';
import { messagesFor } from './languages/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import { surveyPage, thankYouPage } from './survey-page.ts';

const Token = { schema: z.object({ token: z.string() }), invalid: 'Invalid link' };
/** An answer as a link gives it: the field of the link's survey (score for NPS, reason for cancellation) selects a choice. */
const SurveyAnswer = z.object({
  score: surveys.nps.answer.shape.score.optional(),
  reason: surveys.cancellation.answer.shape.reason.optional(),
});
/** An answer as the survey page's form posts it: the field of the link's survey is required. */
const PostedAnswer = SurveyAnswer.meta({ override: { anyOf: [{ required: ['score'] }, { required: ['reason'] }] } });
const DAMAGED = 'A damaged link, or an answer the survey does not offer';

/**
 * Survey answer links from emails: `/s/<signed token>?score=9`. Opening the link records nothing (link
 * scanners and prefetchers open links too); it shows the survey with that answer selected and one Send
 * button, whose POST records `NPS Submitted` (or the survey's event) for the customer the link was issued
 * to. The same answer twice is recorded once.
 */
export function surveyRoutes(deps: { db: Database; store: EventStore; linkSecret: string }): Route[] {
  // The page speaks the customer's language (their locale trait).
  const messagesOf = async (userId: string) => messagesFor((await findCustomer(deps.db, userId))?.traits);
  const claimOf = (token: string) => {
    const claim = verifySurveyToken(deps.linkSecret, token);
    if (!claim)
      throw new HttpError(400, 'This survey link is not valid (it may have been cut short by the mail program)');
    return claim;
  };
  const answerOf = (name: SurveyName, given: unknown, where: 'query' | 'body') => {
    const answer = surveys[name].answer.safeParse(given);
    if (!answer.success)
      throw new HttpError(400, 'This answer is not one the survey offers', problemsOf(answer.error, where));
    return answer.data;
  };
  // The answer is checked against the link's survey in the handler, once the token says which survey that is.
  const asGiven = (raw: unknown): unknown => raw ?? {};

  return [
    defineRoute({
      method: 'get',
      path: '/s/:token',
      auth: 'none',
      params: Token,
      summary:
        'The survey page of an email link, with ?score=0..10 or ?reason=... selected; records nothing (link scanners open links)',
      query: { schema: SurveyAnswer, invalid: 'This answer is not one the survey offers', at: 'query' },
      responses: { 200: { description: 'The survey page with one Send button', html: true }, 400: DAMAGED },
      handler: async ({ params, query, res }) => {
        const claim = claimOf(params.token);
        const field = surveys[claim.survey].field;
        const selected = query[field] === undefined ? undefined : answerOf(claim.survey, query, 'query');
        res
          .type('html')
          .send(
            surveyPage(
              params.token,
              claim.survey,
              selected ? String(Object.values(selected)[0]) : undefined,
              await messagesOf(claim.userId),
            ),
          );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/s/:token',
      auth: 'none',
      params: Token,
      summary:
        'Record a survey answer (form field score or reason): NPS Submitted or Cancellation Survey Answered; the same answer twice is recorded once',
      body: { schema: PostedAnswer, invalid: 'Invalid answer', limit: '1kb', form: true, read: asGiven },
      responses: { 200: { description: 'Answer recorded; a thank-you page', html: true }, 400: DAMAGED },
      handler: async ({ params, body, res }) => {
        const claim = claimOf(params.token);
        const answer = answerOf(claim.survey, body, 'body');
        const properties = { survey: claim.survey, ...answer };
        const digest = createHash('sha256')
          .update(`${params.token}\u0000${JSON.stringify(properties)}`)
          .digest('hex')
          .slice(0, 32);
        await deps.store.append([
          {
            type: 'track',
            messageId: `survey-${digest}`,
            userId: claim.userId,
            anonymousId: undefined,
            event: surveys[claim.survey].event,
            properties,
            traits: {},
            context: { channel: 'email' },
            timestamp: new Date().toISOString(),
          },
        ]);
        res
          .type('html')
          .send(thankYouPage(claim.survey, String(Object.values(answer)[0]), await messagesOf(claim.userId)));
      },
    }),
  ];
}
