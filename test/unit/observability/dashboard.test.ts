import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry } from '../../../engine/src/observability/index.ts';

const root = new URL('../../../', import.meta.url);
const Dashboard = z.object({
  panels: z.array(z.object({ title: z.string(), targets: z.array(z.object({ expr: z.string() })) })),
});
const dashboard = Dashboard.parse(
  JSON.parse(readFileSync(new URL('engine/observability/grafana-dashboard.json', root), 'utf8')),
);
const expressions = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
const readme = readFileSync(new URL('README.md', root), 'utf8');
// Series names in PromQL, without the suffixes histograms add.
const named = new Set(
  expressions.flatMap((e) => [...e.matchAll(/\b((?:boomerang|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1]!)),
);
const base = (series: string) => series.replace(/_(bucket|count|sum)$/, '');

describe('the Grafana dashboard', () => {
  it('asks only for series this process exposes (Temporal SDK ones aside)', async () => {
    const exposed = new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
    expect([...named].filter((series) => !exposed.has(base(series)) && !exposed.has(series))).toEqual([]);
  });

  it('shows every Boomerang metric, and the README lists each of them', async () => {
    const ours = (await registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => n.startsWith('boomerang_'));
    expect(ours.length).toBeGreaterThanOrEqual(8);
    const shown = new Set([...named].map(base));
    expect(ours.filter((n) => !shown.has(n))).toEqual([]);
    expect(ours.filter((n) => !readme.includes(`\`${n}\``))).toEqual([]);
  });
});
