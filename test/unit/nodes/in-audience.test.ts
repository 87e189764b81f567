import { describe, expect, it } from 'vitest';
import { compile, Journey, validateGraph } from '../../../engine/src/compiler/index.ts';
import { advance, begin } from '../../../engine/src/interpreter/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { simulate, simulateOne } from '../../../engine/src/simulate/index.ts';
import { edge, email, journey, node, trigger } from '../journey/journeys.ts';

// start -> vip? (in-audience "vips") -> yes: "perk" email, no: "nudge" email.
const registry = defaultRegistry();
const templates = new Set(['perk', 'nudge']);
const graph = journey(
  [trigger(), node('vip', 'in-audience', { audienceId: 'vips' }), email('perk'), email('nudge')],
  [edge('start', 'vip'), edge('vip', 'perk', 'yes'), edge('vip', 'nudge', 'no')],
);
const plan = compile(Journey.parse(graph), { registry, version: 1 });
const T0 = Date.UTC(2026, 0, 5);
const trig = { messageId: 't', event: 'Signed Up', properties: {}, timestamp: new Date(T0).toISOString() };

describe('the in-audience condition', () => {
  it('names the node when its audience does not exist, and passes when it does', () => {
    expect(validateGraph(graph, { registry, templates, audiences: new Set(['lapsed']) })).toEqual([
      {
        nodeId: 'vip',
        code: 'unknown-audience',
        path: 'nodes.1.config',
        message: expect.stringContaining('"vips", which does not exist'),
      },
    ]);
    expect(validateGraph(graph, { registry, templates, audiences: new Set(['vips']) })).toEqual([]);
  });

  it('asks an activity, then goes along the branch the answer names', () => {
    const first = begin(plan, { traits: {}, trigger: trig, nowMs: T0, userId: 'ann' });
    expect(first.command).toMatchObject({ kind: 'act', stepId: 'vip', activity: 'checkAudience' });
    const yes = advance(plan, first.state, { kind: 'acted', nowMs: T0, branch: 'yes' });
    expect(yes.command).toMatchObject({ kind: 'act', stepId: 'perk' });
    expect(yes.moves).toEqual([{ from: 'vip', to: 'perk', branch: 'yes' }]);
    const no = advance(plan, first.state, { kind: 'acted', nowMs: T0, branch: 'no' });
    expect(no.command).toMatchObject({ kind: 'act', stepId: 'nudge' });
  });

  it('goes "no" when the lookup gives up (the audience was deleted), and refuses an answer without its branches', () => {
    const first = begin(plan, { traits: {}, trigger: trig, nowMs: T0, userId: 'ann' });
    const failed = advance(plan, first.state, { kind: 'failed', nowMs: T0, outcome: 'failed' });
    expect(failed.command).toMatchObject({ kind: 'act', stepId: 'nudge' });
    expect(() => advance(plan, first.state, { kind: 'acted', nowMs: T0, branch: 'maybe' })).toThrow(
      'Step "vip" (in-audience) answered the branch "maybe"; it offers yes, no',
    );
    expect(() => advance(plan, first.state, { kind: 'acted', nowMs: T0, branch: 'toString' })).toThrow(
      'answered the branch "toString"',
    );
  });

  it('in the simulator, sends a scripted member "yes" and anyone else "no"', () => {
    const member = simulateOne(plan, { startMs: T0, events: [], audiences: ['vips'] }, registry);
    const outsider = simulateOne(plan, { startMs: T0, events: [], audiences: ['lapsed'] }, registry);
    expect(member.emails.map((e) => e.template)).toEqual(['perk']);
    expect(outsider.emails.map((e) => e.template)).toEqual(['nudge']);
  });

  it('in a simulation of many, splits customers by the audience share the scenario gives', () => {
    const opts = { customers: 2000, seed: 7, startMs: T0, horizonDays: 1, behaviours: [], nodes: registry };
    const result = simulate(plan, { ...opts, audiences: { vips: 0.25 } });
    const perk = result.nodes['perk']?.entered ?? 0;
    // 2000 draws at p = 0.25: mean 500, sd ~19.4; 5 sd either side.
    expect(perk).toBeGreaterThan(403);
    expect(perk).toBeLessThan(597);
    expect(perk + (result.nodes['nudge']?.entered ?? 0)).toBe(2000);
    expect(simulate(plan, opts).nodes['perk']?.entered).toBe(0);
  });
});
