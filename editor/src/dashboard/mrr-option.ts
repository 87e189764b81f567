import type { RetentionReport } from '@boomerang/engine/metric-shapes';
import type { ChartOption } from '../charts/echarts.ts';
import { bucketName } from './headlines.ts';

const MOVEMENTS = [
  { key: 'new', name: 'New', sign: 1, colour: '#059669' },
  { key: 'expansion', name: 'Expansion', sign: 1, colour: '#2563eb' },
  { key: 'reactivation', name: 'Reactivation', sign: 1, colour: '#7c3aed' },
  { key: 'contraction', name: 'Contraction', sign: -1, colour: '#d97706' },
  { key: 'churned', name: 'Churned', sign: -1, colour: '#dc2626' },
] as const;

/** Per bucket, each MRR movement signed as it moves MRR (contraction and churn below zero), plus the net. */
export function mrrSeries(report: RetentionReport): {
  buckets: string[];
  movements: Array<{ name: string; values: number[] }>;
  net: number[];
} {
  const buckets = report.buckets.map((b) => bucketName(b.start, report.granularity, report.timeZone));
  const movements = MOVEMENTS.map((m) => ({
    name: m.name,
    values: report.buckets.map((b) => m.sign * Math.abs(b.recurringRevenue.movements[m.key].value ?? 0)),
  }));
  const net = report.buckets.map((_, i) => movements.reduce((s, m) => s + (m.values[i] ?? 0), 0));
  return { buckets, movements, net };
}

/** MRR movements per bucket as stacked bars around zero, with the net movement as a line. */
export function mrrOption(report: RetentionReport): ChartOption {
  const { buckets, movements, net } = mrrSeries(report);
  const money = (v: unknown) =>
    typeof v === 'number'
      ? `${report.reportingCurrency} ${v.toLocaleString('en-US', { maximumFractionDigits: 0 })}`
      : '–';
  return {
    color: [...MOVEMENTS.map((m) => m.colour), '#111827'],
    grid: { left: 72, right: 16, top: 36, bottom: 28 },
    legend: { top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
    xAxis: { type: 'category', data: buckets },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => money(v) } },
    series: [
      ...movements.map((m) => ({ name: m.name, type: 'bar', stack: 'mrr', data: m.values })),
      { name: 'Net', type: 'line', data: net, symbolSize: 6 },
    ],
  };
}
