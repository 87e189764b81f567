import { z } from 'zod';
import { figure, type Figure } from './figure.ts';

/** How many customers answered each NPS score 0-10 (each customer's last answer in the period). */
export const NpsAnswers = z.array(z.number().int().nonnegative()).length(11);
export type NpsAnswers = z.infer<typeof NpsAnswers>;

/** Net Promoter Score: %promoters (9-10) - %detractors (0-6), from -100 to 100. */
export function netPromoterScore(answers: NpsAnswers): Figure {
  const count = (from: number, to: number) => answers.slice(from, to + 1).reduce((a, b) => a + b, 0);
  const promoters = count(9, 10);
  const passives = count(7, 8);
  const detractors = count(0, 6);
  const answered = promoters + passives + detractors;
  return figure(
    { promoters, passives, detractors, answered },
    '100 x (promoters - detractors) / answered',
    answered,
    () => (100 * (promoters - detractors)) / answered,
    'no customer answered the NPS question in the period',
  );
}

/** One cancellation reason and how often it was given. */
export const ReasonCount = z.object({ reason: z.string(), count: z.number().int().nonnegative(), share: z.number() });
export type ReasonCount = z.infer<typeof ReasonCount>;

/** The distribution of cancellation reasons, most frequent first (ties by name), each with its share of all answers. */
export function churnReasons(counts: Array<{ reason: string; count: number }>): ReasonCount[] {
  const total = counts.reduce((a, c) => a + c.count, 0);
  return counts
    .filter((c) => c.count > 0)
    .map((c) => ({ reason: c.reason, count: c.count, share: c.count / total }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
