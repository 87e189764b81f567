import type { RetentionReport } from '@boomerang/engine/metric-shapes';
import type { ChartOption } from '../charts/echarts.ts';
import { bucketName } from './headlines.ts';

/** NPS per bucket (null where nobody answered) and how many answered. */
export function npsSeries(report: RetentionReport): {
  buckets: string[];
  nps: Array<number | null>;
  answered: number[];
} {
  return {
    buckets: report.buckets.map((b) => bucketName(b.start, report.granularity, report.timeZone)),
    nps: report.buckets.map((b) =>
      b.netPromoterScore.value === undefined ? null : Math.round(b.netPromoterScore.value * 10) / 10,
    ),
    answered: report.buckets.map((b) => b.npsDistribution.reduce((s, n) => s + n, 0)),
  };
}

/** NPS over time as a line on -100..100, with the number of answers as bars on a second axis. */
export function npsOption(report: RetentionReport): ChartOption {
  const { buckets, nps, answered } = npsSeries(report);
  return {
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: buckets },
    yAxis: [
      { type: 'value', name: 'NPS', min: -100, max: 100 },
      { type: 'value', name: 'answers', min: 0, splitLine: { show: false } },
    ],
    series: [
      { name: 'Answers', type: 'bar', yAxisIndex: 1, data: answered, z: 1, itemStyle: { color: '#cbd5e1' } },
      {
        name: 'NPS',
        type: 'line',
        data: nps,
        connectNulls: false,
        symbolSize: 6,
        z: 3,
        itemStyle: { color: '#2563eb' },
        lineStyle: { color: '#2563eb', width: 2 },
      },
    ],
  };
}
