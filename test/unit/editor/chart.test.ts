import { describe, expect, it } from 'vitest';
import { cumulativeByDay } from '../../../engine/src/metrics/index.ts';
import { chartToSvg } from '../../../editor/src/charts/echarts.ts';
import { cumulativeLabel, cumulativeOption } from '../../../editor/src/experiments/cumulative-option.ts';

const DAY = 86_400_000;
// weekly: 4 customers on day 1, one converts on day 2; biweekly: 2 customers on day 2, none converts.
const series = cumulativeByDay(
  [
    ...[0, 1, 2, 3].map((i) => ({
      variant: 'weekly',
      exposedAtMs: i * 1000,
      convertedAtMs: i === 0 ? DAY + 5 : null,
      revenue: 0,
      unsubscribedAtMs: null,
    })),
    ...[0, 1].map((i) => ({
      variant: 'biweekly',
      exposedAtMs: DAY + i * 1000,
      convertedAtMs: null,
      revenue: 0,
      unsubscribedAtMs: null,
    })),
  ],
  ['weekly', 'biweekly'],
  0,
  3 * DAY,
);
const option = cumulativeOption(series) as {
  series: Array<{ name: string; data: Array<number | null>; areaStyle?: unknown }>;
};
const svg = chartToSvg(option, 480, 200);

describe('the cumulative conversion chart', () => {
  it('names each variant with its latest cumulative rate, for screen readers and tests', () => {
    expect(cumulativeLabel(series)).toBe(
      'Cumulative conversion rate by day: weekly 25.0% on day 3; biweekly 0.0% on day 3',
    );
  });

  it('draws each variant’s cumulative rate by day: weekly 0/4, 1/4, 1/4; biweekly none yet, 0/2, 0/2', () => {
    expect(option.series.find((s) => s.name === 'weekly')?.data).toEqual([0, 0.25, 0.25]);
    expect(option.series.find((s) => s.name === 'biweekly')?.data).toEqual([null, 0, 0]);
  });

  it('shades one 95% interval band per variant, as wide as the interval on each day', () => {
    const bands = option.series.filter((s) => s.areaStyle !== undefined);
    expect(bands.map((b) => b.name)).toEqual(['weekly 95% interval', 'biweekly 95% interval']);
    const weekly = series.weekly ?? [];
    expect(bands[0]?.data).toEqual(weekly.map((p) => (p.interval ? p.interval.upper - p.interval.lower : null)));
    expect(bands[0]?.data.every((w) => w !== null && w > 0)).toBe(true);
  });

  it('renders axes and a legend with the variants', () => {
    expect(svg).toContain('>weekly<');
    expect(svg).toContain('>biweekly<');
    expect(svg).toContain('>day 3<');
    expect(svg).toContain('>0.0%<'); // the value axis is in percent
  });
});
