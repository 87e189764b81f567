import { IANAZone } from 'luxon';
import { z } from 'zod';
import { withHints } from '../nodes/field-hints.ts';

// What the ingested events mean for retention. Defaults follow Segment's e-commerce spec (Order
// Completed, Order Refunded, revenue/total/currency) and B2B SaaS spec (Signed Up, Subscription
// Started/Changed/Cancelled), and the event names Boomerang's own survey links record.

// Event names are picked from the events seen (the same form hint node configs use).
const EventName = withHints(z.string().trim().min(1, 'an event name is required').max(200), { widget: 'event' });
const PropertyName = z.string().trim().min(1, 'a property name is required').max(200);
const Currency = z.string().regex(/^[A-Z]{3}$/, 'a currency is a three-letter ISO 4217 code in capitals, such as USD');

/** How a customer is lost: their subscription is cancelled, or (shops) they place no order for `days` days. */
export const ChurnDefinition = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('subscription-cancelled') }),
    z.object({ kind: z.literal('no-order'), days: z.number().int('days is a whole number').min(1).max(3650) }),
  ],
  { error: () => 'churn.kind must be "subscription-cancelled" or "no-order"' },
);
export type ChurnDefinition = z.infer<typeof ChurnDefinition>;

/** Where recurring revenue is read from: properties of the subscription events, or a customer trait set by identify. */
export const MrrSource = z.discriminatedUnion(
  'source',
  [
    z.object({ source: z.literal('subscription-events'), property: PropertyName }),
    z.object({ source: z.literal('trait'), trait: PropertyName }),
  ],
  { error: () => 'mrr.source must be "subscription-events" or "trait"' },
);
export type MrrSource = z.infer<typeof MrrSource>;

/** The retention settings: which events mean what, the reporting currency and the account's time zone. */
export const RetentionSettings = z.object({
  signUpEvent: EventName.default('Signed Up'),
  activationEvent: EventName.default('Activated'),
  order: z
    .object({
      event: EventName.default('Order Completed'),
      refundEvent: EventName.default('Order Refunded'),
      /** Read in this order; the first that holds a number is the amount. */
      amountProperties: z
        .array(PropertyName)
        .min(1, 'name at least one amount property')
        .max(5)
        .default(['revenue', 'total']),
      currencyProperty: PropertyName.default('currency'),
    })
    .default({
      event: 'Order Completed',
      refundEvent: 'Order Refunded',
      amountProperties: ['revenue', 'total'],
      currencyProperty: 'currency',
    }),
  subscription: z
    .object({
      startedEvent: EventName.default('Subscription Started'),
      changedEvent: EventName.default('Subscription Changed'),
      cancelledEvent: EventName.default('Subscription Cancelled'),
      /** A contract renewed for another term (for the early renewal rate; it does not change who is a customer). */
      renewedEvent: EventName.default('Subscription Renewed'),
      /**
       * The property holding the date a contract ends: on a cancellation, the end it cut short (early
       * cancellations); on subscription events or as an identify trait, the end in force (early renewals).
       */
      contractEndProperty: PropertyName.default('contract_end'),
    })
    .default({
      startedEvent: 'Subscription Started',
      changedEvent: 'Subscription Changed',
      cancelledEvent: 'Subscription Cancelled',
      renewedEvent: 'Subscription Renewed',
      contractEndProperty: 'contract_end',
    }),
  mrr: MrrSource.default({ source: 'subscription-events', property: 'mrr' }),
  churn: ChurnDefinition.default({ kind: 'subscription-cancelled' }),
  nps: z
    .object({ event: EventName.default('NPS Submitted'), property: PropertyName.default('score') })
    .default({ event: 'NPS Submitted', property: 'score' }),
  cancellationReason: z
    .object({ event: EventName.default('Cancellation Survey Answered'), property: PropertyName.default('reason') })
    .default({ event: 'Cancellation Survey Answered', property: 'reason' }),
  /** Share of revenue kept after the cost of goods, for CLV; 1 means CLV is in revenue, not profit. */
  grossMargin: z.number().min(0).max(1).default(1),
  reportingCurrency: Currency.default('USD'),
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), { message: 'not an IANA time zone (such as Europe/Paris or UTC)' })
    .default('UTC'),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

/** The settings a new account starts with. */
export const DEFAULT_RETENTION_SETTINGS: RetentionSettings = RetentionSettings.parse({});

/** One thing wrong with submitted settings: where (a dotted path) and what. */
export interface SettingsViolation {
  path: string;
  message: string;
}

/** Checks submitted settings (missing fields take their defaults); bad input comes back as violations with paths, never thrown. */
export function checkRetentionSettings(
  input: unknown,
): { settings: RetentionSettings; violations: [] } | { settings: undefined; violations: SettingsViolation[] } {
  const parsed = RetentionSettings.safeParse(input);
  if (parsed.success) return { settings: parsed.data, violations: [] };
  return {
    settings: undefined,
    violations: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(settings)',
      message: issue.message,
    })),
  };
}
