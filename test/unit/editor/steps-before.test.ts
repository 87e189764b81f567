import { describe, expect, it } from 'vitest';
import { Journey, validateGraph } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { stepsBefore } from '../../../editor/src/inspector/steps-before.ts';
import { days, edge, email, exit, journey, node, trigger } from '../journey/journeys.ts';

// The email-step picker offers the "Send email" steps a path of arrows leads from to the node being
// edited. Expected lists are worked out by hand from the drawing below, nearest first.
//
//   start -> welcome -> check --yes--> tips -> pause -> clicked --received--> thanks
//                            \--no---> offer -> done             \--timeout--> nudge
const clickWait = (config: Record<string, unknown> = {}) =>
  node('clicked', 'wait-for-event', { event: 'Email Link Clicked', timeout: { amount: 3, unit: 'days' }, ...config });
const raw = (config: Record<string, unknown> = {}, extraEdges: Record<string, unknown>[] = []) =>
  journey(
    [
      trigger(),
      email('welcome'),
      node('check', 'condition', { property: 'plan', op: 'equals', value: 'pro' }),
      email('tips'),
      days('pause', 1),
      clickWait(config),
      email('thanks'),
      email('nudge'),
      email('offer'),
      exit('done'),
    ],
    [
      edge('start', 'welcome'),
      edge('welcome', 'check'),
      edge('check', 'tips', 'yes'),
      edge('check', 'offer', 'no'),
      edge('offer', 'done'),
      edge('tips', 'pause'),
      edge('pause', 'clicked'),
      edge('clicked', 'thanks', 'received'),
      edge('clicked', 'nudge', 'timeout'),
      ...extraEdges,
    ],
  );
const ids = (j: Journey, nodeId: string) => stepsBefore(j, nodeId, 'send-email').map((n) => n.id);

describe('the send-email steps that come before a node', () => {
  it('are those on a path to it, nearest first; not the other branch, not the steps after it, not other node types', () => {
    expect(ids(Journey.parse(raw()), 'clicked')).toEqual(['tips', 'welcome']);
  });

  it('are none for the first email, and only the first for a step right after it', () => {
    expect(ids(Journey.parse(raw()), 'welcome')).toEqual([]);
    expect(ids(Journey.parse(raw()), 'check')).toEqual(['welcome']);
  });

  it('include a step after the node that an arrow leads back from (a loop), but never the node itself', () => {
    const looped = Journey.parse(raw({}, [edge('nudge', 'pause')]));
    expect(ids(looped, 'clicked')).toEqual(['tips', 'nudge', 'welcome']);
    expect(ids(looped, 'nudge')).toEqual(['tips', 'welcome']);
  });

  it("are exactly the steps the journey's validation accepts as the clicked email step", () => {
    const registry = defaultRegistry();
    const accepted = ['welcome', 'tips', 'offer', 'thanks', 'nudge'].filter(
      (step) =>
        !validateGraph(raw({ clickedEmailStep: step }), { registry }).some((v) => v.code === 'invalid-step-reference'),
    );
    expect(accepted.sort()).toEqual(ids(Journey.parse(raw()), 'clicked').sort());
  });
});
