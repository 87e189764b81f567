import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { Journey } from '../../../engine/src/compiler/index.ts';
import { currentJourney, useJourney } from '../../../editor/src/journey/store.ts';

const onboarding = Journey.parse(
  JSON.parse(readFileSync(new URL('../../../templates/journeys/onboarding.json', import.meta.url), 'utf8')),
);
const settle = () => new Promise((r) => setTimeout(r, 0)); // edits commit after the current task
const doc = () => useJourney.getState();
const ids = () => doc().nodes.map((n) => n.id);

beforeEach(() => doc().open(onboarding));

describe('the editor document store', () => {
  it('undoes and redoes adding a node', async () => {
    doc().addNode('delay', { mode: 'duration' }, { x: 1, y: 2 });
    await settle();
    expect(ids()).toContain('delay');
    doc().undo();
    expect(ids()).not.toContain('delay');
    doc().redo();
    expect(ids()).toContain('delay');
  });

  it('makes deleting a node and its arrows one undo step', async () => {
    doc().onNodesChange([{ type: 'remove', id: 'tips' }]);
    doc().onEdgesChange([
      { type: 'remove', id: 'wait-activated:timeout->tips' },
      { type: 'remove', id: 'tips:next->done' },
    ]);
    await settle();
    expect(currentJourney(doc()).edges).toHaveLength(3);
    doc().undo();
    expect(currentJourney(doc())).toEqual(onboarding);
  });

  it('records a drag once, when it ends', async () => {
    const before = doc().history.past.length;
    doc().onNodesChange([{ type: 'position', id: 'welcome', position: { x: 5, y: 5 }, dragging: true }]);
    doc().onNodesChange([{ type: 'position', id: 'welcome', position: { x: 9, y: 9 }, dragging: true }]);
    await settle();
    expect(doc().history.past.length).toBe(before);
    doc().onNodesChange([{ type: 'position', id: 'welcome', position: { x: 12, y: 12 }, dragging: false }]);
    await settle();
    expect(doc().history.past.length).toBe(before + 1);
    doc().undo();
    expect(currentJourney(doc()).nodes.find((n) => n.id === 'welcome')?.position).toEqual({ x: 260, y: 0 });
  });

  it('replaces the arrow of a branch that is connected again', async () => {
    doc().connect({ source: 'tips', sourceHandle: 'next', target: 'activated', targetHandle: null });
    await settle();
    expect(currentJourney(doc()).edges.filter((e) => e.from === 'tips')).toEqual([
      { from: 'tips', to: 'activated', branch: 'next' },
    ]);
  });

  it('pastes copies under new ids and changes nothing in a read-only version', async () => {
    doc().select('welcome');
    doc().copy();
    doc().paste();
    await settle();
    expect(ids()).toContain('welcome-2');
    doc().open(onboarding, true);
    doc().setConfig('welcome', { template: 'tips' });
    doc().onNodesChange([{ type: 'remove', id: 'welcome' }]);
    await settle();
    expect(currentJourney(doc())).toEqual(onboarding);
  });
});
