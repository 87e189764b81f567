import { useEffect, useRef } from 'react';
import { echarts, type ChartOption } from './echarts.ts';

/**
 * One ECharts chart: drawn into a div that resizes with its container; `label` names what the chart
 * shows for screen readers (and browser tests), since an SVG of lines says nothing by itself.
 */
export function Chart({ option, label, height = 240 }: { option: ChartOption; label: string; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const drawn = echarts.init(box.current, null, { renderer: 'svg' });
    chart.current = drawn;
    const resize = new ResizeObserver(() => drawn.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      drawn.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} className="chart" role="img" aria-label={label} style={{ height, width: '100%' }} />;
}
