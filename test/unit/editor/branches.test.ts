import { describe, expect, it } from 'vitest';
import { NodeList } from '../../../engine/src/api/shapes.ts';
import { validateGraph, type Journey } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { branchesOf } from '../../../editor/src/canvas/branches.ts';

// The node list as the editor receives it from GET /v1/nodes, parsed with the editor's own shape.
const registry = defaultRegistry();
const { nodes } = NodeList.parse(JSON.parse(JSON.stringify({ nodes: registry.describe() })));
const described = (type: string) => nodes.find((n) => n.type === type);
const variants = (...names: string[]) => ({ variants: names.map((name) => ({ name, weight: 1 })) });

describe('the ways out the canvas draws for a node', () => {
  it('gives a split one way out per variant, named after it, in order', () => {
    expect(described('split')?.branches).toEqual([]);
    expect(branchesOf(described('split'), variants('weekly', 'biweekly'))).toEqual(['weekly', 'biweekly']);
  });

  it('follows the variants as they are renamed, added and removed', () => {
    expect(branchesOf(described('split'), variants('weekly', 'monthly', 'daily'))).toEqual([
      'weekly',
      'monthly',
      'daily',
    ]);
    expect(branchesOf(described('split'), variants('weekly'))).toEqual(['weekly']);
  });

  it('skips variants still without a name and draws no way out for a split not set up yet', () => {
    expect(branchesOf(described('split'), { variants: [{ name: 'weekly' }, { weight: 2 }, { name: '' }] })).toEqual([
      'weekly',
    ]);
    expect(branchesOf(described('split'), {})).toEqual([]);
  });

  it('keeps the fixed branches of other node types, whatever their config', () => {
    expect(branchesOf(described('wait-for-event'), variants('x'))).toEqual(['received', 'timeout']);
    expect(branchesOf(described('exit'), {})).toEqual([]);
    expect(branchesOf(undefined, {})).toEqual([]);
  });

  it('matches what the validator accepts: an arrow from a renamed variant is reported as dangling', () => {
    const journey = (names: string[]): Journey => ({
      id: 'j',
      name: 'J',
      settings: { reEntry: 'never', exitOn: [], timezone: 'UTC' },
      nodes: [
        { id: 'start', type: 'event-trigger', config: { event: 'Signed Up', where: [] } },
        { id: 'ab', type: 'split', config: variants(...names) },
        { id: 'end', type: 'exit', config: {} },
      ],
      edges: [
        { from: 'start', to: 'ab', branch: 'next' },
        { from: 'ab', to: 'end', branch: 'weekly' },
        { from: 'ab', to: 'end', branch: 'biweekly' },
      ],
    });
    expect(validateGraph(journey(['weekly', 'biweekly']), { registry })).toEqual([]);
    const renamed = validateGraph(journey(['weekly', 'monthly']), { registry });
    expect(branchesOf(described('split'), variants('weekly', 'monthly'))).not.toContain('biweekly');
    expect(renamed.map((v) => v.message).join('\n')).toMatch(/biweekly/);
  });
});
