import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { cumulativeByDay } from '../../../engine/src/metrics/index.ts';
import { CumulativeChart } from '../../../editor/src/experiments/CumulativeChart.tsx';

const DAY = 86_400_000;
// weekly: 4 customers on day 1, one converts on day 2; biweekly: 2 customers on day 2, none converts.
const series = cumulativeByDay([
  ...[0, 1, 2, 3].map((i) => ({ variant: 'weekly', exposedAtMs: i * 1000, convertedAtMs: i === 0 ? DAY + 5 : null, revenue: 0, unsubscribedAtMs: null })),
  ...[0, 1].map((i) => ({ variant: 'biweekly', exposedAtMs: DAY + i * 1000, convertedAtMs: null, revenue: 0, unsubscribedAtMs: null })),
], ['weekly', 'biweekly'], 0, 3 * DAY);
const markup = renderToStaticMarkup(createElement(CumulativeChart, { series }));

describe('the cumulative conversion chart', () => {
  it('names each variant with its latest cumulative rate, for screen readers and tests', () => {
    expect(markup).toContain('aria-label="Cumulative conversion rate by day: weekly 25.0% on day 3; biweekly 0.0% on day 3"');
  });

  it('draws one line and one interval band per variant that has customers on two days or more', () => {
    expect(markup.match(/<polyline/g)).toHaveLength(2);
    expect(markup.match(/<polygon/g)).toHaveLength(2);
    expect(markup).toContain('day 3');
  });

  it('lists the variants in the legend', () => {
    expect(markup).toMatch(/<figcaption>.*weekly.*biweekly.*<\/figcaption>/);
  });
});
