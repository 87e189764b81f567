import { stringify } from 'csv-stringify/sync';
import type { CohortReport, JourneyImpactList, LifecycleReport, RetentionReport } from './metric-shapes.ts';

// The metrics answers as CSV, one fact per row ("long" form), so a spreadsheet can filter and pivot them.

interface FigureLike {
  value?: number | undefined;
  inputs: Record<string, number>;
  formula: string;
  reason?: string | undefined;
}
const isFigure = (v: unknown): v is FigureLike =>
  typeof v === 'object' && v !== null && 'formula' in v && 'inputs' in v;

/** Every figure inside a value, with its dotted path; list items are named by their currency or reason when they have one. */
function figuresOf(value: unknown, path: string, out: Array<[string, FigureLike]>): void {
  if (isFigure(value)) {
    out.push([path, value]);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const name =
        typeof item === 'object' && item !== null
          ? 'currency' in item
            ? item.currency
            : 'label' in item
              ? item.label
              : i
          : i;
      figuresOf(item, `${path}[${String(name)}]`, out);
    });
    return;
  }
  if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) figuresOf(v, path ? `${path}.${k}` : k, out);
}

const inputsCell = (f: FigureLike) =>
  Object.entries(f.inputs)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');

/** A retention report: a row per bucket and figure, with its value, inputs, formula and why it is undefined. */
export function reportCsv(report: RetentionReport): string {
  const rows: unknown[][] = [
    ['bucket_start', 'bucket_end', 'metric', 'value', 'inputs', 'formula', 'undefined_because'],
  ];
  for (const bucket of report.buckets) {
    const figures: Array<[string, FigureLike]> = [];
    figuresOf(bucket, '', figures);
    for (const [metric, f] of figures)
      rows.push([bucket.start, bucket.end, metric, f.value ?? '', inputsCell(f), f.formula, f.reason ?? '']);
    bucket.npsDistribution.forEach((count, score) =>
      rows.push([
        bucket.start,
        bucket.end,
        `npsDistribution[${score}]`,
        count,
        '',
        'customers whose last answer was this score',
        '',
      ]),
    );
    for (const r of bucket.churnReasons)
      rows.push([
        bucket.start,
        bucket.end,
        `churnReasons[${r.reason}]`,
        r.count,
        `share=${r.share}`,
        'answers giving this reason',
        '',
      ]);
  }
  return stringify(rows);
}

/** The cohort triangle: a row per cohort and period, both retention measures. */
export function cohortCsv(report: CohortReport): string {
  const rows: unknown[][] = [['cohort', 'cohort_size', 'period', 'returned_in_period', 'returned_in_period_or_later']];
  for (const row of report.rows)
    row.exact.forEach((f, n) => rows.push([row.cohort, row.size, n, f.value ?? '', row.unbounded[n]?.value ?? '']));
  return stringify(rows);
}

/** Lifecycle counts: a row per bucket. */
export function lifecycleCsv(report: LifecycleReport): string {
  return stringify([
    ['bucket', 'new', 'returning', 'resurrecting', 'dormant', 'quick_ratio'],
    ...report.buckets.map((b) => [b.bucket, b.new, b.returning, b.resurrecting, b.dormant, b.quickRatio.value ?? '']),
  ]);
}

/** Journey impact: a row per journey, group and measure. */
export function impactCsv(list: JourneyImpactList): string {
  const rows: unknown[][] = [
    [
      'journey',
      'group',
      'measure',
      'entrants',
      'holdout',
      'difference',
      'interval_lower',
      'interval_upper',
      'sentence',
    ],
  ];
  for (const j of list.journeys)
    for (const g of j.groups)
      for (const l of g.impact.lines) {
        rows.push([
          j.journeyId,
          g.label,
          l.measure,
          l.entrants ?? '',
          l.holdout ?? '',
          l.difference ?? '',
          l.interval?.lower ?? '',
          l.interval?.upper ?? '',
          l.sentence,
        ]);
      }
  return stringify(rows);
}
