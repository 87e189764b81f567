import { z } from 'zod';
import { signLink, verifyLink } from './links.ts';

/** Reasons a customer can give in the cancellation survey (the win-back journey's email links to each). */
export const CancellationReason = z.enum(['too-expensive', 'missing-features', 'not-using-it', 'switched', 'other']);

const scores = Array.from({ length: 11 }, (_, i) => ({ value: String(i), label: String(i) }));

/**
 * The surveys an email can link to: the event an answer records, the answer's shape, and how the survey
 * page asks it (the question, the answer's field and its choices). An email links to
 * `{{ surveys.nps }}?score=9` or `{{ surveys.cancellation }}?reason=too-expensive`.
 */
export const surveys = {
  nps: {
    event: 'NPS Submitted',
    answer: z.object({ score: z.coerce.number().int().min(0).max(10) }),
    question: 'How likely are you to recommend us to a friend? (0 = not at all, 10 = extremely likely)',
    field: 'score',
    choices: scores,
  },
  cancellation: {
    event: 'Cancellation Survey Answered',
    answer: z.object({ reason: CancellationReason }),
    question: 'Why did you cancel?',
    field: 'reason',
    choices: [
      { value: 'too-expensive', label: 'It is too expensive' },
      { value: 'missing-features', label: 'Features I need are missing' },
      { value: 'not-using-it', label: 'I do not use it enough' },
      { value: 'switched', label: 'I switched to another product' },
      { value: 'other', label: 'Something else' },
    ],
  },
} as const;

/** The name of a survey an email can link to. */
export type SurveyName = keyof typeof surveys;

const SurveyClaim = z.strictObject({ userId: z.string().min(1), survey: z.enum(['nps', 'cancellation']) });

/** The signed answer link of every survey for one customer, for email templates (`{{ surveys.nps }}`). */
export function surveyLinks(publicUrl: string, secret: string, userId: string): Record<SurveyName, string> {
  const link = (survey: SurveyName) => `${publicUrl}/s/${signLink(secret, 'survey', { userId, survey })}`;
  return { nps: link('nps'), cancellation: link('cancellation') };
}

/**
 * Who a survey link belongs to and which survey it answers, or null for a forged, damaged or
 * other-purpose link. Links sent before tokens carried a purpose count only if exactly `{ userId, survey }`.
 */
export function verifySurveyToken(secret: string, token: string): { userId: string; survey: SurveyName } | null {
  return verifyLink(secret, token, { purpose: 'survey', claim: SurveyClaim, legacy: SurveyClaim });
}
