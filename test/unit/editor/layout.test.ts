import { describe, expect, it } from 'vitest';
import type { JourneyEdge, JourneyNode } from '@boomerang/engine/journey';
import { directionOf, layoutJourney, NODE_SIZE } from '../../../editor/src/journey/layout.ts';

const node = (id: string): JourneyNode => ({ id, type: 'exit', config: {} });
const edge = (from: string, to: string, branch = 'next'): JourneyEdge => ({ from, to, branch });
// a -> b -> c, and b's "no" way out to d: three ranks, two steps in the last.
const nodes = ['a', 'b', 'c', 'd'].map(node);
const edges = [edge('a', 'b'), edge('b', 'c'), edge('b', 'd', 'no')];

describe('auto layout', () => {
  it('places steps left to right along the arrows, 70 px between a card and the next', () => {
    const at = layoutJourney(nodes, edges, 'LR');
    expect(at.get('b')!.x - (at.get('a')!.x + NODE_SIZE.width)).toBe(70);
    expect(at.get('c')!.x).toBe(at.get('d')!.x);
    expect(Math.abs(at.get('c')!.y - at.get('d')!.y)).toBeGreaterThanOrEqual(NODE_SIZE.height + 40);
  });

  it('places steps top to bottom along the arrows, at the height each card is drawn', () => {
    const sizes = new Map([['a', { width: 200, height: 150 }]]);
    const at = layoutJourney(nodes, edges, 'TB', sizes);
    // a is 150 tall: b starts 70 below a's bottom edge.
    expect(at.get('b')!.y - (at.get('a')!.y + 150)).toBe(70);
    expect(at.get('c')!.y).toBe(at.get('d')!.y);
    expect(Math.abs(at.get('c')!.x - at.get('d')!.x)).toBeGreaterThanOrEqual(NODE_SIZE.width + 50);
  });

  it('reads which way a journey runs from where its steps stand', () => {
    const placed = (points: Record<string, [number, number]>) =>
      Object.entries(points).map(([id, [x, y]]) => ({ id, position: { x, y } }));
    expect(directionOf(placed({ a: [0, 0], b: [260, 0], c: [520, -120] }), [edge('a', 'b'), edge('b', 'c')])).toBe(
      'LR',
    );
    expect(directionOf(placed({ a: [0, 0], b: [0, 180], c: [130, 360] }), [edge('a', 'b'), edge('b', 'c')])).toBe('TB');
    expect(directionOf(placed({ a: [0, 0] }), [])).toBe('LR');
  });
});
