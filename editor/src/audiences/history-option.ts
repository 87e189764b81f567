import type { ChartOption } from '../charts/echarts.ts';
import { SERIES_COLOURS } from '../charts/palette.ts';
import type { AudienceHistory } from './shapes.ts';

type Days = AudienceHistory['days'];

/** What the membership chart says in words: the size on the last day and the change over the period. */
export function membershipLabel(days: Days): string {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return 'Membership over time: no days yet';
  const entered = days.reduce((n, d) => n + d.entered, 0);
  const exited = days.reduce((n, d) => n + d.exited, 0);
  return `Membership over time, ${first.day} to ${last.day}: ${last.size} members on ${last.day}; ${entered} entered, ${exited} left`;
}

/** The membership chart: the size at each day's end as a line, entries and exits as bars below it. */
export function membershipOption(days: Days): ChartOption {
  return {
    color: SERIES_COLOURS,
    grid: { left: 44, right: 12, top: 28, bottom: 28 },
    legend: { top: 0, data: ['Members', 'Entered', 'Left'] },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: days.map((d) => d.day) },
    yAxis: { type: 'value', min: 0, minInterval: 1 },
    series: [
      { name: 'Members', type: 'line', data: days.map((d) => d.size), showSymbol: days.length === 1, z: 3 },
      { name: 'Entered', type: 'bar', data: days.map((d) => d.entered), barMaxWidth: 8 },
      { name: 'Left', type: 'bar', data: days.map((d) => d.exited), barMaxWidth: 8 },
    ],
  };
}
