import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { expect, it } from 'vitest';
import { demoCalls } from '../../../engine/src/demo/index.ts';

// A real collector, so heap samples measure what is still held, not garbage waiting to be swept.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void; // the flag above makes `gc` a function

it('streams 100,000 customers with flat memory: the heap grows by less than 40 MB', { timeout: 120_000 }, () => {
  gc();
  const before = process.memoryUsage().heapUsed;
  let events = 0;
  let highest = 0;
  for (const call of demoCalls({ customers: 100_000, months: 12, seed: 3, end: '2026-01-01' })) {
    events += 1;
    if (call.messageId.endsWith('-0') && call.userId.endsWith('0000')) {
      gc();
      highest = Math.max(highest, process.memoryUsage().heapUsed - before);
    }
  }
  // Held in memory, a million events of a few hundred bytes each would be hundreds of MB.
  expect(events).toBeGreaterThan(1_000_000);
  expect(highest).toBeLessThan(40 * 1024 * 1024);
});
