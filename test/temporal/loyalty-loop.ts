import { compile, Journey } from '../../engine/src/compiler/index.ts';
import type { Plan } from '../../engine/src/interpreter/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { edge, email, exit, journey, node, trigger } from '../unit/journey/journeys.ts';

// A loyalty loop that can run for years: every order adds 10 points and sends a thank-you, then the
// run waits for the next order (up to 30 days; a month without one ends it). A cancellation ends it
// at once. With a history bound of 40 events the run continues as new every few orders.
const loyalty = Journey.parse({
  ...journey(
    [
      trigger('joined', 'Joined Loyalty'),
      node('next-order', 'wait-for-event', { event: 'Order Completed', timeout: { amount: 30, unit: 'days' } }),
      node('add-points', 'update-customer', { increment: { points: 10 } }),
      email('thanks', 'loyalty-reward'),
      exit('lapsed'),
    ],
    [
      edge('joined', 'next-order'),
      edge('next-order', 'add-points', 'received'),
      edge('add-points', 'thanks'),
      edge('thanks', 'next-order'),
      edge('next-order', 'lapsed', 'timeout'),
    ],
    { exitOn: [{ event: 'Cancelled Membership' }], reEntry: 'never' },
  ),
  id: 'loyalty-loop',
});
/** The compiled loyalty loop (version 1). */
export const loyaltyLoop: Plan = compile(loyalty, { registry: defaultRegistry(), version: 1 });
