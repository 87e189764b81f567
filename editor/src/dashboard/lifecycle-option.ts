import type { LifecycleReport, RetentionReport } from '@boomerang/engine/metric-shapes';
import type { ChartOption } from '../charts/echarts.ts';
import { bucketName } from './headlines.ts';

// Growth accounting: the customers who make up each bucket's activity (new, returning, resurrecting)
// above zero and those lost since the bucket before (dormant) below it, with stickiness as a line.

const CLASSES = [
  { key: 'new', name: 'New', sign: 1, colour: '#059669' },
  { key: 'returning', name: 'Returning', sign: 1, colour: '#2563eb' },
  { key: 'resurrecting', name: 'Resurrecting', sign: 1, colour: '#7c3aed' },
  { key: 'dormant', name: 'Dormant', sign: -1, colour: '#dc2626' },
] as const;
const STICKINESS_COLOUR = '#111827';

/** One bucket as the chart shows it: its name, the customers of each class (dormant as a positive count) and stickiness. */
export interface LifecycleColumn {
  bucket: string;
  new: number;
  returning: number;
  resurrecting: number;
  dormant: number;
  /** Stickiness as a share (DAU / MAU for a month); null when nobody was active. */
  stickiness: number | null;
}

/** The lifecycle buckets with the stickiness of the report bucket of the same name (the two share the period controls). */
export function lifecycleColumns(lifecycle: LifecycleReport, report: RetentionReport): LifecycleColumn[] {
  const stickiness = new Map(
    report.buckets.map((b) => [bucketName(b.start, report.granularity, report.timeZone), b.stickiness.value]),
  );
  return lifecycle.buckets.map((b) => {
    // A lifecycle bucket is named by its local wall-clock start ("2026-03-01T00:00:00"): read it as such.
    const name = bucketName(`${b.bucket}Z`, lifecycle.granularity, 'UTC');
    return {
      bucket: name,
      new: b.new,
      returning: b.returning,
      resurrecting: b.resurrecting,
      dormant: b.dormant,
      stickiness: stickiness.get(name) ?? null,
    };
  });
}

const percent = (share: number | null) =>
  share === null ? 'undefined (nobody active)' : `${(share * 100).toFixed(1)}%`;

/** The tooltip of one bucket: each class as a count of customers and the stickiness, in words. */
export function lifecycleTooltip(column: LifecycleColumn): string {
  return [
    `<strong>${column.bucket}</strong>`,
    ...CLASSES.map((c) => `${c.name}: ${column[c.key].toLocaleString('en-US')}`),
    `Stickiness: ${percent(column.stickiness)}`,
  ].join('<br>');
}

/** Lifecycle per bucket as stacked bars around zero (dormant below), with stickiness on a second axis. */
export function lifecycleOption(lifecycle: LifecycleReport, report: RetentionReport): ChartOption {
  const columns = lifecycleColumns(lifecycle, report);
  return {
    color: [...CLASSES.map((c) => c.colour), STICKINESS_COLOUR],
    grid: { left: 56, right: 56, top: 36, bottom: 28 },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      className: 'lifecycle-tooltip',
      formatter: (params: unknown) => {
        const first: unknown = Array.isArray(params) ? params[0] : params;
        const index =
          typeof first === 'object' && first !== null && 'dataIndex' in first && typeof first.dataIndex === 'number'
            ? first.dataIndex
            : -1;
        const column = columns[index];
        return column ? lifecycleTooltip(column) : '';
      },
    },
    xAxis: { type: 'category', data: columns.map((c) => c.bucket) },
    yAxis: [
      {
        type: 'value',
        name: 'customers',
        axisLabel: { formatter: (v: number) => Math.abs(v).toLocaleString('en-US') },
      },
      {
        type: 'value',
        name: 'stickiness',
        min: 0,
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
      },
    ],
    series: [
      ...CLASSES.map((c) => ({
        name: c.name,
        type: 'bar',
        stack: 'lifecycle',
        data: columns.map((col) => c.sign * col[c.key]),
      })),
      {
        name: 'Stickiness',
        type: 'line',
        yAxisIndex: 1,
        data: columns.map((c) => c.stickiness),
        connectNulls: false,
        symbolSize: 6,
      },
    ],
  };
}
