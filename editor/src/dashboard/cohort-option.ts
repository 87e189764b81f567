import type { CohortReport } from '@boomerang/engine/metric-shapes';
import type { ChartOption } from '../charts/echarts.ts';

/** Which retention the heatmap shows: came back in exactly period N, or in N or later. */
export type CohortMeasure = 'exact' | 'unbounded';

/** The heatmap's cells: [period N, cohort row, percent or null for not-yet-observed], with the counts behind each. */
export function cohortCells(
  report: CohortReport,
  measure: CohortMeasure,
): Array<{ x: number; y: number; percent: number | null; returned: number | null; size: number }> {
  return report.rows.flatMap((row, y) =>
    row[measure].map((f, x) => {
      const returned = Object.entries(f.inputs).find(([name]) => name !== 'cohortSize')?.[1] ?? null;
      return {
        x,
        y,
        percent: f.value === undefined ? null : Math.round(f.value * 1000) / 10,
        returned,
        size: row.size,
      };
    }),
  );
}

/** The retention triangle as a heatmap: a row per cohort (oldest on top), a column per period since joining. */
export function cohortOption(report: CohortReport, measure: CohortMeasure): ChartOption {
  const unit = report.unit;
  const cells = cohortCells(report, measure);
  const periods = Math.max(0, ...report.rows.map((r) => r.exact.length));
  const cohorts = report.rows.map((r) => `${r.cohort} (${r.size.toLocaleString('en-US')})`);
  const top = Math.max(1, ...cells.filter((c) => c.x > 0).map((c) => c.percent ?? 0));
  return {
    grid: { left: 150, right: 16, top: 8, bottom: 72 },
    tooltip: {
      formatter: (p: { data: [number, number, number | null, number | null] }) => {
        const [x, y, percent, returned] = p.data;
        return `${cohorts[y] ?? ''}, ${unit} ${x}: ${percent === null ? 'not yet' : `${percent}% (${returned ?? 0} customers)`}`;
      },
    },
    xAxis: {
      type: 'category',
      data: Array.from({ length: periods }, (_, n) => `${unit} ${n}`),
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: cohorts, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: top,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      text: [`${top}%`, '0%'],
      inRange: { color: ['#eff6ff', '#1d4ed8'] },
    },
    series: [
      {
        name: measure === 'exact' ? `Returned in ${unit} N` : `Returned in ${unit} N or later`,
        type: 'heatmap',
        data: cells.filter((c) => c.percent !== null).map((c) => [c.x, c.y, c.percent, c.returned]),
        label: { show: true, formatter: (p: { data: [number, number, number] }) => `${p.data[2]}%`, fontSize: 10 },
      },
    ],
  };
}
