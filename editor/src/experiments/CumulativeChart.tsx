import { useMemo } from 'react';
import { LazyChart } from '../charts/LazyChart.tsx';
import { cumulativeLabel, cumulativeOption, type CumulativeSeries } from './cumulative-option.ts';

/** Cumulative conversion rate per arm by day, each line with its 95% interval as a band. */
export function CumulativeChart({ series }: { series: CumulativeSeries }) {
  const option = useMemo(() => cumulativeOption(series), [series]);
  return <LazyChart option={option} label={cumulativeLabel(series)} height={180} />;
}
