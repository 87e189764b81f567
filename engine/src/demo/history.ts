import { DateTime } from 'luxon';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { withExtraActivity } from './activity.ts';
import { customerHistory, type DemoCall } from './customer.ts';
import { DemoOptions, type DemoOptionsInput } from './options.ts';
import { Draw } from './random.ts';

/** One demo customer and every call of their history, in time order. */
export interface CustomerHistory {
  userId: string;
  calls: DemoCall[];
}

/**
 * The demo history, one customer at a time (memory stays flat however many customers): the same
 * options and seed give the same calls, byte for byte. Each customer draws from their own jump of
 * the seeded generator, so one customer's history does not depend on how long another's was.
 * @example for (const { userId, calls } of demoCustomers({ customers: 10, end: '2026-01-01' })) console.log(userId, calls.length);
 */
export function* demoCustomers(input: DemoOptionsInput): Generator<CustomerHistory> {
  const options = DemoOptions.parse(input);
  const endMs = Date.parse(options.end);
  const period = {
    startMs: DateTime.fromMillis(endMs, { zone: 'utc' }).minus({ months: options.months }).toMillis(),
    endMs,
  };
  const rng = xoroshiro128plus(options.seed);
  // The extra activity draws from a stream of its own, so the rest of each history is the same with or without it.
  const extraRng = xoroshiro128plus(options.seed ^ 0x5eed_ac7);
  for (let n = 1; n <= options.customers; n++) {
    const own = rng.clone();
    rng.jump();
    const ownExtra = extraRng.clone();
    if (options.extraActivity > 0) extraRng.jump();
    const base = customerHistory(new Draw(own), period, options.seed, n);
    const calls = withExtraActivity(base, new Draw(ownExtra), options.extraActivity, endMs);
    yield { userId: `demo-${n}`, calls };
  }
}

/** The demo history as one stream of Segment calls (each customer's in time order). */
export function* demoCalls(input: DemoOptionsInput): Generator<DemoCall> {
  for (const customer of demoCustomers(input)) yield* customer.calls;
}
