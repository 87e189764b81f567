import { z } from 'zod';
import { figure, known, unknown, type Figure } from './figure.ts';

/**
 * Recurring revenue of one currency in one period. Movements compare each customer's MRR at the
 * start with their MRR at the end (so a cancel-and-return inside the period nets out).
 */
export const MrrCounts = z.object({
  currency: z.string(),
  atStart: z.number(),
  atEnd: z.number(),
  /** MRR at the end of customers who never had MRR before the period. */
  new: z.number(),
  /** MRR at the end of customers who had MRR once, but none at the start. */
  reactivation: z.number(),
  /** Increases of customers with MRR at both ends. */
  expansion: z.number(),
  /** Decreases of customers with MRR at both ends (still above zero at the end). */
  contraction: z.number(),
  /** MRR at the start of customers with none at the end. */
  churned: z.number(),
  /** MRR at the end of the customers who had MRR at the start. */
  existingAtEnd: z.number(),
});
export type MrrCounts = z.infer<typeof MrrCounts>;

const noStart = 'there was no recurring revenue at the start of the period';

/** MRR churn: recurring revenue lost to cancellations and contractions, over MRR at the start. */
export function mrrChurnRate(m: MrrCounts): Figure {
  return figure(
    { churned: m.churned, contraction: m.contraction, mrrStart: m.atStart },
    '(churned + contraction) / mrrStart',
    m.atStart,
    () => (m.churned + m.contraction) / m.atStart,
    noStart,
  );
}

/** Gross revenue retention: (MRR start - churned - contraction) / MRR start; never above 100%. */
export function grossRevenueRetention(m: MrrCounts): Figure {
  return figure(
    { mrrStart: m.atStart, churned: m.churned, contraction: m.contraction },
    '(mrrStart - churned - contraction) / mrrStart',
    m.atStart,
    () => (m.atStart - m.churned - m.contraction) / m.atStart,
    noStart,
  );
}

/** Net revenue retention: (MRR start + expansion - contraction - churned) / MRR start. */
export function netRevenueRetention(m: MrrCounts): Figure {
  return figure(
    { mrrStart: m.atStart, expansion: m.expansion, contraction: m.contraction, churned: m.churned },
    '(mrrStart + expansion - contraction - churned) / mrrStart',
    m.atStart,
    () => (m.atStart + m.expansion - m.contraction - m.churned) / m.atStart,
    noStart,
  );
}

/** Revenue growth from existing customers: (their MRR at the end - MRR at the start) / MRR at the start. */
export function existingRevenueGrowth(m: MrrCounts): Figure {
  return figure(
    { existingAtEnd: m.existingAtEnd, mrrStart: m.atStart },
    '(existingAtEnd - mrrStart) / mrrStart',
    m.atStart,
    () => (m.existingAtEnd - m.atStart) / m.atStart,
    noStart,
  );
}

/** The MRR movements of the period: new, expansion, contraction, churned and reactivation, each a sum. */
export function mrrMovements(
  m: MrrCounts,
): Record<'new' | 'expansion' | 'contraction' | 'churned' | 'reactivation' | 'net', Figure> {
  const sum = (value: number, name: string) => known(value, { [name]: value }, name);
  return {
    new: sum(m.new, 'new'),
    expansion: sum(m.expansion, 'expansion'),
    contraction: sum(m.contraction, 'contraction'),
    churned: sum(m.churned, 'churned'),
    reactivation: sum(m.reactivation, 'reactivation'),
    net: known(
      m.new + m.reactivation + m.expansion - m.contraction - m.churned,
      {
        new: m.new,
        reactivation: m.reactivation,
        expansion: m.expansion,
        contraction: m.contraction,
        churned: m.churned,
      },
      'new + reactivation + expansion - contraction - churned',
    ),
  };
}

/** Year-over-year ARR growth, ARR = 12 x MRR: undefined until the data reaches back a whole year before `end`. */
export function yearOverYearArrGrowth(a: {
  mrrNow: number;
  mrrYearAgo: number;
  dataReachesBackAYear: boolean;
}): Figure {
  const inputs = { arrNow: 12 * a.mrrNow, arrYearAgo: 12 * a.mrrYearAgo };
  const formula = '(arrNow - arrYearAgo) / arrYearAgo';
  if (!a.dataReachesBackAYear)
    return unknown(inputs, formula, 'there is less than a year of data before the end of the period');
  return figure(
    inputs,
    formula,
    inputs.arrYearAgo,
    () => (inputs.arrNow - inputs.arrYearAgo) / inputs.arrYearAgo,
    'there was no recurring revenue a year ago',
  );
}
