// Small journeys the journey, interpreter and simulator tests share.

type Raw = Record<string, unknown>;

/** A raw journey JSON (as the editor would send it) from nodes, edges and optional settings. */
export function journey(nodes: Raw[], edges: Raw[], settings: Raw = {}): Raw {
  return { id: 'test', name: 'Test', settings, nodes, edges };
}

/** A node shorthand. */
export const node = (id: string, type: string, config: Raw = {}): Raw => ({ id, type, config });
/** An edge shorthand. */
export const edge = (from: string, to: string, branch = 'next'): Raw => ({ from, to, branch });

export const trigger = (id = 'start', event = 'Signed Up') => node(id, 'event-trigger', { event });
export const email = (id: string, template = id) => node(id, 'send-email', { template });
export const days = (id: string, amount: number) => node(id, 'delay', { mode: 'duration', amount, unit: 'days' });
export const exit = (id: string) => node(id, 'exit');

/** Signed Up -> welcome -> wait up to 2 days for Activated -> received: exit; timeout: tips -> exit. */
export const onboarding = journey(
  [
    trigger('signed-up'),
    email('welcome'),
    node('wait-activated', 'wait-for-event', { event: 'Activated', timeout: { amount: 2, unit: 'days' } }),
    exit('activated'),
    email('tips'),
    exit('done'),
  ],
  [
    edge('signed-up', 'welcome'),
    edge('welcome', 'wait-activated'),
    edge('wait-activated', 'activated', 'received'),
    edge('wait-activated', 'tips', 'timeout'),
    edge('tips', 'done'),
  ],
);

/** Four emails 4, 5 and 5 days apart; an order ends it. */
export const drip = journey(
  [trigger(), email('d1'), days('w1', 4), email('d2'), days('w2', 5), email('d3'), days('w3', 5), email('d4')],
  [
    edge('start', 'd1'),
    edge('d1', 'w1'),
    edge('w1', 'd2'),
    edge('d2', 'w2'),
    edge('w2', 'd3'),
    edge('d3', 'w3'),
    edge('w3', 'd4'),
  ],
  { exitOn: [{ event: 'Order Completed' }] },
);
