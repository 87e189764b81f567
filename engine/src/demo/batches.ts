import type { DemoCall } from './customer.ts';

/** Segment's limit on a batch body, which Boomerang's /v1/import enforces too (500 KB). */
export const BATCH_LIMIT_BYTES = 500 * 1024;

/** A batch ready to post: its body, its number, and which calls of the stream it holds. */
export interface Batch {
  index: number;
  firstCall: number;
  calls: number;
  body: string;
}

const OPEN = '{"batch":[';
const CLOSE = ']}';

/**
 * Packs calls, in order, into `{"batch":[...]}` bodies of at most `limitBytes` (UTF-8), holding only
 * the batch being filled.
 * @example [...batchesOf(demoCalls({ customers: 10, end: '2026-01-01' }))].length // 1
 */
export function* batchesOf(calls: Iterable<DemoCall>, limitBytes = BATCH_LIMIT_BYTES): Generator<Batch> {
  let parts: string[] = [];
  let bytes = OPEN.length + CLOSE.length;
  let index = 0;
  let firstCall = 0;
  const flush = (): Batch => {
    const batch = { index, firstCall, calls: parts.length, body: `${OPEN}${parts.join(',')}${CLOSE}` };
    index += 1;
    firstCall += parts.length;
    parts = [];
    bytes = OPEN.length + CLOSE.length;
    return batch;
  };
  for (const call of calls) {
    const json = JSON.stringify(call);
    const size = Buffer.byteLength(json);
    if (OPEN.length + size + CLOSE.length > limitBytes)
      throw new Error(`call ${call.messageId} alone is ${size} bytes, more than a batch may hold (${limitBytes})`);
    if (parts.length > 0 && bytes + 1 + size > limitBytes) yield flush();
    bytes += (parts.length > 0 ? 1 : 0) + size;
    parts.push(json);
  }
  if (parts.length > 0) yield flush();
}
