import { lazy, Suspense } from 'react';
import type { ChartOption } from './echarts.ts';

// ECharts is loaded with the first chart shown, so pages without charts (the canvas) stay light.
const Chart = lazy(() => import('./Chart.tsx').then((m) => ({ default: m.Chart })));

/** A chart whose library is fetched on first use; until then an empty box of the same size and name. */
export function LazyChart(props: { option: ChartOption; label: string; height?: number }) {
  const placeholder = (
    <div className="chart" role="img" aria-label={props.label} style={{ height: props.height ?? 240, width: '100%' }} />
  );
  return (
    <Suspense fallback={placeholder}>
      <Chart {...props} />
    </Suspense>
  );
}
