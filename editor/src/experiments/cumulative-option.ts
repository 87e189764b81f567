import type { ExperimentsResponse } from '@boomerang/engine/api-shapes';
import type { ChartOption } from '../charts/echarts.ts';
import { SERIES_COLOURS } from '../charts/palette.ts';
import { percent } from './wording.ts';

/** An experiment's cumulative conversion series, one per arm, by day. */
export type CumulativeSeries = ExperimentsResponse['experiments'][number]['cumulative'];

/** What the chart says in words: each arm's latest cumulative rate. */
export function cumulativeLabel(series: CumulativeSeries): string {
  const latest = Object.entries(series).map(([name, points]) => {
    const last = [...points].reverse().find((p) => p.rate !== null);
    return `${name} ${last?.rate === null || last === undefined ? 'no customers yet' : `${percent(last.rate)} on day ${last.day + 1}`}`;
  });
  return `Cumulative conversion rate by day: ${latest.join('; ')}`;
}

/**
 * The chart of cumulative conversion per arm by day: a line per arm and its 95% interval as a band
 * (a transparent lower edge with the band's height stacked on it), with a legend and a day tooltip.
 */
export function cumulativeOption(series: CumulativeSeries): ChartOption {
  const arms = Object.entries(series);
  const days = Math.max(1, ...arms.map(([, points]) => points.length));
  const dayLabels = Array.from({ length: days }, (_, d) => `day ${d + 1}`);
  const byDay = (points: CumulativeSeries[string], value: (p: CumulativeSeries[string][number]) => number | null) =>
    dayLabels.map((_, d) => {
      const p = points.find((q) => q.day === d);
      return p ? value(p) : null;
    });
  return {
    color: SERIES_COLOURS,
    grid: { left: 44, right: 12, top: 28, bottom: 28 },
    legend: { top: 0, data: arms.map(([name]) => name) },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? percent(v) : '–') },
    xAxis: { type: 'category', data: dayLabels, boundaryGap: false },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: (v: number) => percent(v) } },
    series: arms.flatMap(([name, points], i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      const band = `band:${name}`;
      return [
        {
          name,
          type: 'line',
          data: byDay(points, (p) => p.rate),
          showSymbol: points.length === 1,
          lineStyle: { width: 2, color: colour },
          itemStyle: { color: colour },
          z: 3,
        },
        {
          name: `${name} 95% interval (lower)`,
          type: 'line',
          stack: band,
          data: byDay(points, (p) => p.interval?.lower ?? null),
          lineStyle: { opacity: 0 },
          symbol: 'none',
          tooltip: { show: false },
          silent: true,
        },
        {
          name: `${name} 95% interval`,
          type: 'line',
          stack: band,
          data: byDay(points, (p) => (p.interval ? p.interval.upper - p.interval.lower : null)),
          lineStyle: { opacity: 0 },
          symbol: 'none',
          areaStyle: { color: colour, opacity: 0.15 },
          tooltip: { show: false },
          silent: true,
        },
      ];
    }),
  };
}
