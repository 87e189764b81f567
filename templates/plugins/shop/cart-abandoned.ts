import { z } from 'zod';
import { defineTrigger } from '@boomerang/engine';

/** The cart's value as the shop sends it: Segment's `value`, or `total`. */
function cartValue(properties: Record<string, unknown>): number {
  const value = Number(properties['value'] ?? properties['total']);
  return Number.isFinite(value) ? value : 0;
}

/**
 * Starts a journey when a customer abandons a cart worth at least `minValue`. The cart id is the
 * correlation key: one customer can be in the journey once per cart, with several carts side by side.
 */
export const cartAbandoned = defineTrigger({
  type: 'cart-abandoned',
  version: 1,
  label: 'Cart abandoned',
  group: 'Triggers',
  icon: 'shopping-cart',
  description:
    'Starts the journey when a customer leaves a cart worth at least the minimum value (event "Cart Abandoned" with cart_id and value).',
  configSchema: z.object({
    minValue: z.number().min(0).default(0).describe('Smallest cart value that counts'),
    currency: z.string().length(3).optional().describe('Only carts in this currency, e.g. EUR'),
  }),
  summary: (c) => `Cart abandoned worth ${c.minValue}${c.currency ? ` ${c.currency}` : ''} or more`,
  events: () => ['Cart Abandoned'],
  matches: (event, config) =>
    event.type === 'track' &&
    typeof event.properties['cart_id'] === 'string' &&
    cartValue(event.properties) >= config.minValue &&
    (config.currency === undefined || event.properties['currency'] === config.currency),
  correlationKey: (event) => String(event.properties['cart_id']),
});
