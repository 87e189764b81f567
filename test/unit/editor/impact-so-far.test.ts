import { describe, expect, it } from 'vitest';
import { JourneyImpactRow } from '../../../engine/src/api/metric-shapes.ts';
import { soFarText } from '../../../editor/src/dashboard/ImpactTable.tsx';

const row = (soFar: { entrants: number; holdout: number }, firstResultsAt: string | null) =>
  JourneyImpactRow.parse({
    journeyId: 'onboarding',
    name: 'Onboarding',
    holdoutPercent: 15,
    soFar,
    firstResultsAt,
    groups: [],
  });

describe('the impact table before and after the first window closes', () => {
  it('says how many entered and were held out so far, and when the first results come', () => {
    expect(soFarText(row({ entrants: 1254, holdout: 221 }, '2027-03-01T12:00:00.000Z'), 90)).toBe(
      '1,254 entered and 221 held out so far; first results on 2027-03-01, when the first 90-day window closes',
    );
  });
  it('once a window has closed, only the counts', () => {
    expect(soFarText(row({ entrants: 40, holdout: 7 }, null), 90)).toBe('40 entered and 7 held out so far');
  });
});
