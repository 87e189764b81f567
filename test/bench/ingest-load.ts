// Load generator for the ingest benchmark, run as its own process so that producing the load
// does not share the server's event loop. Prints one JSON line: events, seconds, latencies.
export {};
const [url, writeKey, batchesArg, concurrencyArg] = process.argv.slice(2);
const run = `${process.pid}`;
const batches = Number(batchesArg ?? 300);
const concurrency = Number(concurrencyArg ?? 4);
const perBatch = 100;
const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
const bodies = Array.from({ length: batches }, (_, i) =>
  JSON.stringify({
    batch: Array.from({ length: perBatch }, (_, j) => ({
      type: 'track',
      userId: `ingest-${i}-${j % 10}`,
      event: 'Product Viewed',
      messageId: `bench-${run}-${i}-${j}`,
      properties: { sku: `SKU-${j}`, price: j },
    })),
  }),
);
const latencies: number[] = [];
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let i = next++; i < batches; i = next++) {
      const t0 = performance.now();
      const res = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: bodies[i],
      });
      await res.text();
      latencies.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`batch ${i}: HTTP ${res.status}`);
    }
  }),
);
console.log(JSON.stringify({ events: batches * perBatch, seconds: (performance.now() - started) / 1000, latencies }));
