import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journey } from '../../../engine/src/compiler/index.ts';
import { checkHere, summaryOf, typesOnlyOnServer } from '../../../editor/src/validation/check.ts';

const onboarding = Journey.parse(
  JSON.parse(readFileSync(new URL('../../../templates/journeys/onboarding.json', import.meta.url), 'utf8')),
);

describe('validation in the browser', () => {
  it('finds nothing wrong with the onboarding starter, and flags a template that does not exist', () => {
    expect(checkHere(onboarding, new Set(['welcome', 'tips']))).toEqual([]);
    expect(checkHere(onboarding, new Set(['welcome'])).map((v) => [v.nodeId, v.code])).toEqual([
      ['tips', 'unknown-template'],
    ]);
  });

  it('names the node types it must leave to the server (custom nodes registered there)', () => {
    const custom: Journey = {
      ...onboarding,
      nodes: [...onboarding.nodes, { id: 'ping', type: 'slack-message', config: {} }],
    };
    expect(typesOnlyOnServer(onboarding)).toEqual([]);
    expect(typesOnlyOnServer(custom)).toEqual(['slack-message']);
  });

  it("summarises a node with the engine's own summary, and not at all while its config is invalid", () => {
    expect(summaryOf('wait-for-event', { event: 'Activated', where: [], timeout: { amount: 2, unit: 'days' } })).toBe(
      'Wait up to 2 days for Activated',
    );
    expect(summaryOf('wait-for-event', { where: [] })).toBeUndefined();
    expect(summaryOf('slack-message', {})).toBeUndefined();
  });
});
