import { z } from 'zod';
import { figure, known, type Figure } from './figure.ts';

/** Money of one currency in one period: orders placed in it, their amounts and the refunds. */
export const CurrencyRevenue = z.object({
  currency: z.string(),
  orders: z.number().int().nonnegative(),
  gross: z.number(),
  refunds: z.number(),
});
export type CurrencyRevenue = z.infer<typeof CurrencyRevenue>;

/** Order counts of one period, as SQL counts them. */
export const PurchaseCounts = z.object({
  /** Orders placed in the period (any currency). */
  orders: z.number().int().nonnegative(),
  /** Customers with at least one order in the period. */
  buyers: z.number().int().nonnegative(),
  /** Customers with two or more orders in the period. */
  repeatBuyers: z.number().int().nonnegative(),
  /** Customers who had ordered before the period. */
  priorBuyers: z.number().int().nonnegative(),
  /** Of those, the ones who ordered again in the period. */
  priorBuyersReturned: z.number().int().nonnegative(),
  /** Customers who ever ordered, up to the end of the period. */
  everBuyers: z.number().int().nonnegative(),
  /** Of those, the ones with more than one order. */
  everRepeatBuyers: z.number().int().nonnegative(),
  revenue: z.array(CurrencyRevenue),
});
export type PurchaseCounts = z.infer<typeof PurchaseCounts>;

/** Returning customer rate: of the customers who had bought before the period, the share who bought again in it. */
export function returningCustomerRate(p: PurchaseCounts): Figure {
  return figure(
    { returned: p.priorBuyersReturned, priorBuyers: p.priorBuyers },
    'returned / priorBuyers',
    p.priorBuyers,
    () => p.priorBuyersReturned / p.priorBuyers,
    'no customer had bought before the period',
  );
}

/** Repeat purchase ratio: customers with two or more orders in the period over customers with any. */
export function repeatPurchaseRatio(p: PurchaseCounts): Figure {
  return figure(
    { repeatBuyers: p.repeatBuyers, buyers: p.buyers },
    'repeatBuyers / buyers',
    p.buyers,
    () => p.repeatBuyers / p.buyers,
    'no customer bought in the period',
  );
}

/** Repeat customer rate: customers who ever bought more than once over customers who ever bought. */
export function repeatCustomerRate(p: PurchaseCounts): Figure {
  return figure(
    { everRepeatBuyers: p.everRepeatBuyers, everBuyers: p.everBuyers },
    'everRepeatBuyers / everBuyers',
    p.everBuyers,
    () => p.everRepeatBuyers / p.everBuyers,
    'no customer has bought yet',
  );
}

/** Purchase frequency: orders in the period per customer who ordered in it. */
export function purchaseFrequency(p: PurchaseCounts): Figure {
  return figure(
    { orders: p.orders, buyers: p.buyers },
    'orders / buyers',
    p.buyers,
    () => p.orders / p.buyers,
    'no customer bought in the period',
  );
}

/** The revenue of one currency, zeros when there was none. */
const revenueIn = (p: PurchaseCounts, currency: string): CurrencyRevenue =>
  p.revenue.find((r) => r.currency === currency) ?? { currency, orders: 0, gross: 0, refunds: 0 };

/** Net revenue in one currency: order amounts minus refunds. */
export function netRevenue(p: PurchaseCounts, currency: string): Figure {
  const r = revenueIn(p, currency);
  return known(r.gross - r.refunds, { gross: r.gross, refunds: r.refunds }, 'gross - refunds');
}

/** Average order value in one currency: net revenue over the orders placed in that currency. */
export function averageOrderValue(p: PurchaseCounts, currency: string): Figure {
  const r = revenueIn(p, currency);
  return figure(
    { gross: r.gross, refunds: r.refunds, orders: r.orders },
    '(gross - refunds) / orders',
    r.orders,
    () => (r.gross - r.refunds) / r.orders,
    `no order was placed in ${currency} in the period`,
  );
}

/** The currencies other than the reporting one that orders or refunds were made in. */
export function otherCurrencies(p: PurchaseCounts, reporting: string): string[] {
  return p.revenue
    .map((r) => r.currency)
    .filter((c) => c !== reporting)
    .sort();
}
