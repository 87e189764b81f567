import { describe, expect, it } from 'vitest';
import { historyAndLive, type CustomerHistory, type DemoCall, type LiveCalls } from '../../../engine/src/demo/index.ts';

// Four customers; the live slice starts on 10 March and holds at most two customers.
//   c1 signed up 1 Jan, ordered 12 March        -> history (signed up before the slice)
//   c2 signed up 11 March, ordered 13 March     -> live from 10 March: both calls; its 9 March identify is history
//   c3 signed up 12 March                       -> live
//   c4 signed up 14 March                       -> history: the slice is full
const call = (userId: string, day: string, event: string): DemoCall => ({
  type: 'track',
  userId,
  messageId: `${userId}-${day}-${event}`,
  timestamp: `2026-${day}T10:00:00.000Z`,
  event,
  properties: {},
});
const customers: CustomerHistory[] = [
  { userId: 'c1', calls: [call('c1', '01-01', 'Signed Up'), call('c1', '03-12', 'Order Completed')] },
  {
    userId: 'c2',
    calls: [
      { type: 'identify', userId: 'c2', messageId: 'c2-id', timestamp: '2026-03-09T10:00:00.000Z', traits: {} },
      call('c2', '03-11', 'Signed Up'),
      call('c2', '03-13', 'Order Completed'),
    ],
  },
  { userId: 'c3', calls: [call('c3', '03-12', 'Signed Up')] },
  { userId: 'c4', calls: [call('c4', '03-14', 'Signed Up')] },
];

describe('the live slice of the demo', () => {
  it("sends the recent sign-ups' calls from the slice's start live, at most so many customers, and the rest as history", () => {
    const live: LiveCalls = { customers: [], calls: [] };
    const slice = { fromMs: Date.parse('2026-03-10T00:00:00Z'), maxCustomers: 2, signUpEvent: 'Signed Up' };
    const history = [...historyAndLive(customers, slice, live)].map((c) => c.messageId);
    expect(live.customers).toEqual(['c2', 'c3']);
    expect(live.calls.map((c) => c.messageId)).toEqual([
      'c2-03-11-Signed Up',
      'c2-03-13-Order Completed',
      'c3-03-12-Signed Up',
    ]);
    expect(history).toEqual(['c1-01-01-Signed Up', 'c1-03-12-Order Completed', 'c2-id', 'c4-03-14-Signed Up']);
  });

  it('without a slice, everything is history', () => {
    const live: LiveCalls = { customers: [], calls: [] };
    expect([...historyAndLive(customers, undefined, live)]).toHaveLength(7);
    expect(live).toEqual({ customers: [], calls: [] });
  });
});
