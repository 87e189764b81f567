import { describe, expect, it } from 'vitest';
import { journeyImpact, type GroupOutcomes } from '../../../engine/src/metrics/index.ts';

// Entrants: 400 customers, 144 came back within 90 days (36%); 100 of them spent 50, the rest nothing;
// 60 ordered twice; 20 churned; NPS answers 50 promoters, 30 passives, 20 detractors.
// Holdout: 100 customers, 31 came back (31%); 20 spent 40; 12 ordered twice; 9 churned; 10/10/10.
const entrants: GroupOutcomes = {
  customers: 400,
  returned: 144,
  repeatPurchasers: 60,
  churned: 20,
  revenue: { n: 400, sum: 100 * 50, sumOfSquares: 100 * 50 * 50 },
  nps: { promoters: 50, passives: 30, detractors: 20 },
};
const holdout: GroupOutcomes = {
  customers: 100,
  returned: 31,
  repeatPurchasers: 12,
  churned: 9,
  revenue: { n: 100, sum: 20 * 40, sumOfSquares: 20 * 40 * 40 },
  nps: { promoters: 10, passives: 10, detractors: 10 },
};

describe('the impact of a journey, entrants against its holdout', () => {
  const impact = journeyImpact('Win-back', 90, entrants, holdout, 'USD');
  const line = (m: string) => impact.lines.find((l) => l.measure === m);

  it('says the return difference in points with its 95% interval, as a marketer reads it', () => {
    // Wald interval by hand: se = sqrt(.36*.64/400 + .31*.69/100) = 0.052106, z = 1.959964 → ±10.21 points.
    // (SciPy: norm.ppf(.975) and the same terms give -5.2125 to +15.2125 points.)
    expect(line('return')?.difference).toBeCloseTo(0.05, 10);
    expect(line('return')?.interval?.lower).toBeCloseTo(-0.05212522, 6);
    expect(line('return')?.interval?.upper).toBeCloseTo(0.15212522, 6);
    expect(line('return')?.sentence).toBe(
      'Win-back: 90-day return 36% vs 31% in the holdout, +5 points (95% interval −5 to +15)',
    );
  });

  it("compares revenue per customer with Welch's interval, and scales it to incremental revenue", () => {
    // SciPy: ttest_ind(entrants, holdout, equal_var=False).confidence_interval() → 0.675916 to 8.324084; 4.5 x 400 = 1,800.
    const revenue = line('revenue-per-customer');
    expect(revenue?.entrants).toBe(12.5);
    expect(revenue?.holdout).toBe(8);
    expect(revenue?.interval?.lower).toBeCloseTo(0.675915597, 6);
    expect(revenue?.interval?.upper).toBeCloseTo(8.324084403, 6);
    expect(impact.incrementalRevenue?.value).toBeCloseTo(1800, 6);
    expect(impact.incrementalRevenue?.interval.lower).toBeCloseTo(270.3662388, 4);
    expect(revenue?.sentence).toBe(
      'Win-back: 90-day revenue per customer USD 12.50 vs USD 8.00 in the holdout, +4.50 (95% interval +0.68 to +8.32)',
    );
  });

  it('compares NPS on the -1/0/+1 scale (SciPy: +30, interval -4.37 to +64.37)', () => {
    const nps = line('nps');
    expect(nps?.entrants).toBe(30);
    expect(nps?.holdout).toBe(0);
    expect(nps?.difference).toBeCloseTo(30, 8);
    expect(nps?.interval?.lower).toBeCloseTo(-4.373727, 4);
    expect(nps?.interval?.upper).toBeCloseTo(64.373727, 4);
  });

  it('repeat purchase and churn are proportions too: 15% vs 12%, 5% vs 9%', () => {
    expect(line('repeat-purchase')).toMatchObject({ entrants: 0.15, holdout: 0.12 });
    expect(line('churn')).toMatchObject({ entrants: 0.05, holdout: 0.09 });
    expect(line('churn')?.difference).toBeCloseTo(-0.04, 10);
  });

  it('is undefined, and says why, when the holdout is empty', () => {
    const empty: GroupOutcomes = {
      customers: 0,
      returned: 0,
      repeatPurchasers: 0,
      churned: 0,
      revenue: { n: 0, sum: 0, sumOfSquares: 0 },
      nps: { promoters: 0, passives: 0, detractors: 0 },
    };
    const none = journeyImpact('Win-back', 90, entrants, empty, 'USD');
    expect(none.lines.map((l) => l.difference)).toEqual([null, null, null, null, null]);
    expect(none.lines[0]?.undefinedBecause).toBe('Win-back: 90-day return is undefined: nobody in the holdout yet');
    expect(none.incrementalRevenue).toBeNull();
  });
});
