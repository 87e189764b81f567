import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BATCH_LIMIT_BYTES,
  batchesOf,
  demoCalls,
  ImportError,
  retryAfterMs,
  sendBatches,
} from '../../../engine/src/demo/index.ts';

// The sender against a real HTTP server on 127.0.0.1 that answers as told.
type Reply = { status: number; body: unknown; headers?: Record<string, string> };
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serve(reply: (n: number, body: { batch: Array<{ messageId: string }> }, req: IncomingMessage) => Reply) {
  const seen: Array<{ at: number; ids: string[]; auth: string | undefined }> = [];
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString();
    });
    req.on('end', () => {
      const body = JSON.parse(text) as { batch: Array<{ messageId: string }> };
      seen.push({ at: Date.now(), ids: body.batch.map((c) => c.messageId), auth: req.headers.authorization });
      const r = reply(seen.length, body, req);
      res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers }).end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}
const ok = (body: { batch: unknown[] }): Reply => ({
  status: 200,
  body: { success: true, stored: body.batch.length, duplicates: 0, rejected: [] },
});
const history = { customers: 300, months: 3, seed: 5, end: '2026-01-01' };

describe('batches', () => {
  it('packs every call, in order, into batches within the 500 KB limit', () => {
    const calls = [...demoCalls(history)];
    const batches = [...batchesOf(calls, 20_000)];
    expect(batches.length).toBeGreaterThan(5);
    for (const b of batches) expect(Buffer.byteLength(b.body)).toBeLessThanOrEqual(20_000);
    expect(batches.flatMap((b) => JSON.parse(b.body).batch)).toEqual(calls);
    for (const b of batchesOf(demoCalls({ ...history, customers: 3000 })))
      expect(Buffer.byteLength(b.body)).toBeLessThanOrEqual(BATCH_LIMIT_BYTES);
  });
});

describe('sending', () => {
  it('sends every batch once with the write key as Basic-auth user', async () => {
    const { url, seen } = await serve((_n, body) => ok(body));
    const result = await sendBatches(batchesOf(demoCalls(history), 20_000), { url, writeKey: 'wk_demo', inFlight: 3 });
    const ids = [...demoCalls(history)].map((c) => c.messageId);
    expect(seen.flatMap((s) => s.ids).sort()).toEqual([...ids].sort());
    expect(result).toMatchObject({ calls: ids.length, stored: ids.length, duplicates: 0 });
    expect(new Set(seen.map((s) => s.auth))).toEqual(new Set([`Basic ${Buffer.from('wk_demo:').toString('base64')}`]));
  });

  it('retries 503 and 429, waiting as long as Retry-After says', async () => {
    const { url, seen } = await serve((n, body) =>
      n === 1
        ? { status: 503, body: {}, headers: { 'retry-after': '1' } }
        : n === 2
          ? { status: 429, body: {} }
          : ok(body),
    );
    const result = await sendBatches(batchesOf(demoCalls({ ...history, customers: 5 })), {
      url,
      writeKey: 'wk_demo',
      inFlight: 1,
      backoffMs: 10,
    });
    expect(seen.length).toBe(3);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
    expect(seen[2]!.ids).toEqual(seen[0]!.ids);
    expect(result.batches).toBe(1);
  });

  it('stops on a 400, naming the batch, the status and the problem', async () => {
    const { url } = await serve((n, body) =>
      n === 2
        ? {
            status: 400,
            body: {
              error: {
                message: 'Invalid batch call',
                problems: [{ path: 'batch.3.timestamp', message: 'not a date' }],
              },
            },
          }
        : ok(body),
    );
    const sent = sendBatches(batchesOf(demoCalls(history), 20_000), { url, writeKey: 'wk_demo', inFlight: 1 });
    await expect(sent).rejects.toThrow(ImportError);
    await expect(sent).rejects.toThrow(
      /batch 2 \(calls \d+-\d+\) was refused with HTTP 400: Invalid batch call; batch\.3\.timestamp: not a date/,
    );
  });

  it('stops when a stored batch lists rejected calls', async () => {
    const { url } = await serve(() => ({
      status: 200,
      body: {
        success: true,
        stored: 1,
        duplicates: 0,
        rejected: [{ index: 0, problems: [{ path: 'batch.0.userId', message: 'too long' }] }],
      },
    }));
    await expect(
      sendBatches(batchesOf(demoCalls({ ...history, customers: 2 })), { url, writeKey: 'k', inFlight: 1 }),
    ).rejects.toThrow(/batch 1 .*1 calls were rejected.*batch\.0\.userId: too long/);
  });

  it('says where it could not connect after its attempts', async () => {
    const { url } = await serve((_n, body) => ok(body));
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(
      sendBatches(batchesOf(demoCalls({ ...history, customers: 2 })), {
        url,
        writeKey: 'k',
        attempts: 3,
        backoffMs: 5,
      }),
    ).rejects.toThrow(
      /could not be stored after 3 attempts at http:\/\/127\.0\.0\.1:\d+\/v1\/import \(last: ECONNREFUSED\)\. Is Boomerang running there\?/,
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(10_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});
