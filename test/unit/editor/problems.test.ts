import { describe, expect, it } from 'vitest';
import { type Journey } from '../../../engine/src/compiler/index.ts';
import { checkHere } from '../../../editor/src/validation/check.ts';
import { fieldError, violationsByNode } from '../../../editor/src/validation/problems.ts';

const journey: Journey = {
  id: 'j',
  name: 'J',
  settings: { reEntry: 'never', exitOn: [], timezone: 'UTC' },
  nodes: [
    { id: 'start', type: 'event-trigger', config: { event: 'Signed Up', where: [] } },
    { id: 'wait', type: 'wait-for-event', config: { where: [], timeout: { amount: 2 } } },
    { id: 'pause', type: 'delay', config: { mode: 'duration', weekdays: [1] } },
  ],
  edges: [
    { from: 'start', to: 'wait', branch: 'next' },
    { from: 'wait', to: 'pause', branch: 'received' },
  ],
};

describe('problems on nodes and fields', () => {
  const violations = checkHere(journey, undefined);
  const onWait = violationsByNode(violations).get('wait') ?? [];

  it('puts each violation on its node', () => {
    expect([...violationsByNode(violations).keys()].sort()).toEqual(['pause', 'wait']);
  });

  it('words a missing field as "required" and keeps the node\'s own messages', () => {
    expect(fieldError(onWait, 'event')).toBe('required');
    expect(fieldError(onWait, 'timeout')).toBe('choose one of seconds, minutes, hours, days, weeks');
    expect(fieldError(violationsByNode(violations).get('pause') ?? [], 'amount')).toBe('how long to wait is missing');
  });

  it('gives no error to a field that is fine', () => {
    expect(fieldError(onWait, 'where')).toBeUndefined();
  });
});
