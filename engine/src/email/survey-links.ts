import { z } from 'zod';
import { signClaim, verifyClaim } from './unsubscribe.ts';

/** Reasons a customer can give in the cancellation survey (the win-back journey's email links to each). */
export const CancellationReason = z.enum(['too-expensive', 'missing-features', 'not-using-it', 'switched', 'other']);

/**
 * The surveys an email can link to: the event a click records and the answer it carries. An email
 * links to `{{ surveys.nps }}?score=9` or `{{ surveys.cancellation }}?reason=too-expensive`.
 */
export const surveys = {
  nps: { event: 'NPS Submitted', answer: z.object({ score: z.coerce.number().int().min(0).max(10) }) },
  cancellation: { event: 'Cancellation Survey Answered', answer: z.object({ reason: CancellationReason }) },
} as const;

/** The name of a survey an email can link to. */
export type SurveyName = keyof typeof surveys;

const SurveyClaim = z.object({ userId: z.string().min(1), survey: z.enum(['nps', 'cancellation']) });

/** The signed answer link of every survey for one customer, for email templates (`{{ surveys.nps }}`). */
export function surveyLinks(publicUrl: string, secret: string, userId: string): Record<SurveyName, string> {
  const link = (survey: SurveyName) => `${publicUrl}/s/${signClaim(secret, { userId, survey })}`;
  return { nps: link('nps'), cancellation: link('cancellation') };
}

/** Who a survey link belongs to and which survey it answers, or null for a forged or damaged link. */
export function verifySurveyToken(secret: string, token: string): { userId: string; survey: SurveyName } | null {
  return verifyClaim(secret, token, SurveyClaim);
}
