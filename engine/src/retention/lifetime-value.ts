import { unknown, type Figure } from './figure.ts';

/**
 * Customer lifetime value, the "average order value x purchase frequency x gross margin x expected
 * lifetime" method, with expected lifetime = 1 / churn rate (in periods of the report's bucket size).
 */
export function customerLifetimeValue(parts: {
  averageOrderValue: Figure;
  purchaseFrequency: Figure;
  grossMargin: number;
  churnRate: Figure;
}): Figure {
  const formula = 'AOV x frequency x grossMargin x (1 / churnRate)';
  const { averageOrderValue: aov, purchaseFrequency: freq, churnRate: churn, grossMargin } = parts;
  const inputs: Record<string, number> = { grossMargin };
  if (aov.value !== undefined) inputs.AOV = aov.value;
  if (freq.value !== undefined) inputs.frequency = freq.value;
  if (churn.value !== undefined) inputs.churnRate = churn.value;
  if (aov.value === undefined) return unknown(inputs, formula, `average order value is unknown: ${aov.reason}`);
  if (freq.value === undefined) return unknown(inputs, formula, `purchase frequency is unknown: ${freq.reason}`);
  if (churn.value === undefined) return unknown(inputs, formula, `churn rate is unknown: ${churn.reason}`);
  if (churn.value === 0)
    return unknown(
      inputs,
      formula,
      'no customer was lost in the period, so the expected lifetime (1 / churn rate) is unbounded',
    );
  return { value: (aov.value * freq.value * grossMargin) / churn.value, inputs, formula };
}
