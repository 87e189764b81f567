import { describe, expect, it } from 'vitest';
import { BatchesInFlight } from '../../engine/src/customer-import/batches-in-flight.ts';

// The order an import's batches are stored in: batches naming the same customer one after the other in
// file order, others at once up to the limit. Each store here is a promise the test settles by hand, so
// what has started is observed directly (no timing involved).

/** A store the test finishes (or fails) by hand, recording when it started. */
function manual(name: string, started: string[]) {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return {
    run: () => {
      started.push(name);
      return done;
    },
    finish: () => finish(),
    fail: (e: Error) => fail(e),
  };
}

/** Lets every promise callback that is ready run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BatchesInFlight', () => {
  it('stores batches of other customers at once, up to the limit, and starts the next when one is done', async () => {
    const started: string[] = [];
    const batches = new BatchesInFlight(2);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => manual(n, started));
    await batches.start(new Set(['u1']), a!.run);
    await batches.start(new Set(['u2']), b!.run);
    const third = batches.start(new Set(['u3']), c!.run);
    await settle();
    expect(started).toEqual(['a', 'b']);
    b!.finish();
    await third;
    expect(started).toEqual(['a', 'b', 'c']);
    a!.finish();
    c!.finish();
    await batches.finish();
  });

  it('holds a batch back until every earlier batch naming one of its customers is stored', async () => {
    const started: string[] = [];
    const batches = new BatchesInFlight(4);
    const [a, b, c] = ['a', 'b', 'c'].map((n) => manual(n, started));
    await batches.start(new Set(['u1', 'u2']), a!.run);
    await batches.start(new Set(['u3']), b!.run);
    const third = batches.start(new Set(['u9', 'u2']), c!.run);
    await settle();
    expect(started).toEqual(['a', 'b']);
    b!.finish();
    await settle();
    expect(started).toEqual(['a', 'b']);
    a!.finish();
    await third;
    expect(started).toEqual(['a', 'b', 'c']);
    c!.finish();
    await batches.finish();
  });

  it('rethrows a failed batch at the next start and at the finish, after the others have ended', async () => {
    const started: string[] = [];
    const batches = new BatchesInFlight(2);
    const [a, b] = ['a', 'b'].map((n) => manual(n, started));
    await batches.start(new Set(['u1']), a!.run);
    await batches.start(new Set(['u2']), b!.run);
    a!.fail(new Error('database gone'));
    await settle();
    await expect(batches.start(new Set(['u3']), () => Promise.resolve())).rejects.toThrow('database gone');
    let finished = false;
    const end = batches.finish().finally(() => (finished = true));
    await settle();
    expect(finished).toBe(false);
    b!.finish();
    await expect(end).rejects.toThrow('database gone');
  });
});
