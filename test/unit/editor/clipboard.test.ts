import { describe, expect, it } from 'vitest';
import { copyFragment, freshId, pasteFragment } from '../../../editor/src/journey/clipboard.ts';

const journey = {
  nodes: [
    { id: 'a', type: 'send-email', config: { template: 'welcome' }, position: { x: 0, y: 0 } },
    { id: 'b', type: 'exit', config: {}, position: { x: 100, y: 0 } },
    { id: 'c', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'a', to: 'b', branch: 'next' },
    { from: 'a', to: 'c', branch: 'next' },
  ],
};

describe('copy and paste', () => {
  it('copies the selected nodes and only the arrows between them', () => {
    expect(copyFragment(journey, new Set(['a', 'b']))).toEqual({
      nodes: journey.nodes.slice(0, 2),
      edges: [journey.edges[0]],
    });
  });

  it('pastes under free ids, rewires the copied arrows and offsets the copy', () => {
    const pasted = pasteFragment(copyFragment(journey, new Set(['a', 'b'])), new Set(['a', 'b', 'c']), 40);
    expect(pasted.nodes.map((n) => [n.id, n.position])).toEqual([
      ['a-2', { x: 40, y: 40 }],
      ['b-2', { x: 140, y: 40 }],
    ]);
    expect(pasted.edges).toEqual([{ from: 'a-2', to: 'b-2', branch: 'next' }]);
  });

  it('numbers ids past the ones taken', () => {
    expect(freshId('delay', new Set())).toBe('delay');
    expect(freshId('delay', new Set(['delay', 'delay-2']))).toBe('delay-3');
    expect(freshId('delay-2', new Set(['delay']))).toBe('delay-2');
  });
});
