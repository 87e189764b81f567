import type { DemoCall } from './customer.ts';
import type { CustomerHistory } from './history.ts';

// The demo is history (imported: stored for the metrics, starting no journey), except for a bounded,
// recent slice: customers who signed up in the last days before the end. Their calls from then on are
// sent as live traffic, so published journeys start real workflows for them, with holdouts recorded.

/** Which customers are live, and from when. */
export interface LiveSlice {
  /** Calls at or after this instant (ms) of a live customer are sent live. */
  fromMs: number;
  /** At most this many customers are live (the first of them in the demo's order). */
  maxCustomers: number;
  /** The sign-up event that makes a customer live when it is at or after `fromMs`. */
  signUpEvent: string;
}

/** The calls of the live slice, collected while the rest streams on as history. */
export interface LiveCalls {
  customers: string[];
  calls: DemoCall[];
}

/**
 * Splits customers' histories: yields every history call in order, and puts the live customers' calls
 * from `slice.fromMs` on into `live` (bounded by `slice.maxCustomers`, so memory stays small).
 */
export function* historyAndLive(
  customers: Iterable<CustomerHistory>,
  slice: LiveSlice | undefined,
  live: LiveCalls,
): Generator<DemoCall> {
  for (const customer of customers) {
    const signedUpLive =
      slice !== undefined &&
      live.customers.length < slice.maxCustomers &&
      customer.calls.some(
        (c) => c.type === 'track' && c.event === slice.signUpEvent && Date.parse(c.timestamp) >= slice.fromMs,
      );
    if (!signedUpLive) {
      yield* customer.calls;
      continue;
    }
    live.customers.push(customer.userId);
    for (const call of customer.calls) {
      if (Date.parse(call.timestamp) >= slice.fromMs) live.calls.push(call);
      else yield call;
    }
  }
}
