import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journey } from '../../../engine/src/compiler/index.ts';
import { flowToJourney, journeyToFlow } from '../../../editor/src/journey/flow.ts';

const onboarding = Journey.parse(
  JSON.parse(readFileSync(new URL('../../../templates/journeys/onboarding.json', import.meta.url), 'utf8')),
);
const metaOf = ({ nodes: _n, edges: _e, ...meta }: Journey) => meta;

describe('journey JSON <-> canvas', () => {
  it('is lossless for the onboarding starter', () => {
    const { nodes, edges } = journeyToFlow(onboarding);
    expect(flowToJourney(metaOf(onboarding), nodes, edges)).toEqual(onboarding);
  });

  it('draws one arrow per edge, leaving the handle named after its branch', () => {
    const { edges } = journeyToFlow(onboarding);
    expect(edges.find((e) => e.source === 'wait-activated' && e.target === 'tips')).toMatchObject({
      sourceHandle: 'timeout',
      id: 'wait-activated:timeout->tips',
    });
  });

  it('keeps node versions and places nodes without a position in a row', () => {
    const journey: Journey = { ...onboarding, nodes: [{ id: 'a', type: 'exit', version: 2, config: {} }], edges: [] };
    const { nodes } = journeyToFlow(journey);
    expect(nodes[0]).toMatchObject({ position: { x: 0, y: 0 }, data: { nodeType: 'exit', version: 2 } });
    expect(flowToJourney(metaOf(journey), nodes, []).nodes[0]).toEqual({
      id: 'a',
      type: 'exit',
      version: 2,
      config: {},
      position: { x: 0, y: 0 },
    });
  });

  it('rounds dragged positions to whole pixels', () => {
    const { nodes, edges } = journeyToFlow(onboarding);
    const moved = nodes.map((n) => (n.id === 'welcome' ? { ...n, position: { x: 10.4, y: -3.6 } } : n));
    expect(flowToJourney(metaOf(onboarding), moved, edges).nodes.find((n) => n.id === 'welcome')?.position).toEqual({
      x: 10,
      y: -4,
    });
  });
});
