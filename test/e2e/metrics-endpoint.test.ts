import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../support/api.ts';
import { eventually } from '../support/ports.ts';
import { scrape, valueOf } from '../support/prometheus.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The operator's view of a running stack: /metrics as Prometheus scrapes it, and the JSON log lines.
// The stack runs the API only, so stored events stay unrouted and the router lag has something to show.
let stack: StackProcess;
let api: ReturnType<typeof apiClient>;
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
const metricsToken = 'mt_scraper_token_0123456789';

beforeAll(async () => {
  stack = await startStack(await stackEnv({ METRICS_TOKEN: metricsToken, LOG_LEVEL: 'info', BOOMERANG_ROLES: 'api' }));
  api = apiClient(stack.url, keys);
});
afterAll(async () => {
  await stack?.stop();
});

/** The JSON log lines printed so far (other start-up lines are plain text). */
const jsonLines = (): Array<Record<string, unknown>> =>
  stack
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The request log line with request id `id`, once it has been written. */
const requestLine = (id: string) =>
  eventually(
    async () => jsonLines().find((l) => (l.req as { id?: unknown } | undefined)?.id === id),
    `the log line of request ${id}`,
  );

describe('/metrics', () => {
  it('counts a batch of 3 events as stored, times the ingest call and shows them unrouted and the router lag growing', async () => {
    const before = await scrape(stack.url, metricsToken);
    expect(before.status).toBe(200);
    const batch = ['a', 'b', 'c'].map((n) => ({ type: 'track', userId: `metrics-${n}`, event: 'Metered' }));
    const res = await api.batch({ batch });
    expect(res.json).toMatchObject({ success: true, stored: 3 });

    const after = await scrape(stack.url, metricsToken);
    const stored = (scrape: typeof after) => valueOf(scrape.samples, 'boomerang_events_stored_total') ?? 0;
    expect(stored(after) - stored(before)).toBe(3);
    const ingest = { method: 'POST', route: '/v1/batch,/v1/b,/v1/import', status: '200' };
    const calls = (scrape: typeof after) =>
      valueOf(scrape.samples, 'boomerang_http_request_duration_seconds_count', ingest) ?? 0;
    expect(calls(after)).toBe(calls(before) + 1);
    expect(valueOf(after.samples, 'boomerang_http_request_duration_seconds_bucket', { ...ingest, le: '+Inf' })).toBe(
      calls(after),
    );
    const unrouted = (scrape: typeof after) => valueOf(scrape.samples, 'boomerang_events_unrouted') ?? 0;
    expect(unrouted(after) - unrouted(before)).toBe(3);
    // No router runs: the oldest unrouted event only gets older, and the gauge read at each scrape says so.
    await eventually(async () => {
      const lag = valueOf((await scrape(stack.url, metricsToken)).samples, 'boomerang_router_lag_seconds');
      return lag !== undefined && lag > 0.5 ? lag : undefined;
    }, 'a router lag above half a second');
    expect(valueOf(after.samples, 'boomerang_dead_letters')).toBe(0);
    // Node's default metrics are there too.
    expect(valueOf(after.samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('takes the admin token as well as METRICS_TOKEN', async () => {
    expect((await scrape(stack.url, keys.adminToken)).status).toBe(200);
  });

  it('refuses a scrape without a token or with a wrong one (the write key is not enough)', async () => {
    for (const token of [undefined, keys.writeKey, 'not-the-metrics-token-at-all']) {
      const res = await fetch(`${stack.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('boomerang_events_stored_total');
    }
  });
});

describe('JSON logs', () => {
  it('writes one JSON line per request with the request id it was sent, method, path, status and duration', async () => {
    const id = `test-${randomUUID()}`;
    const res = await fetch(`${stack.url}/healthz?probe=1`, { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id')).toBe(id);
    const line = await requestLine(id);
    expect(line).toMatchObject({ level: 'info', req: { id, method: 'GET', path: '/healthz' }, res: { status: 200 } });
    expect(line.responseTime).toEqual(expect.any(Number));
  });

  it('gives a request without an id, or with one no id looks like, a new one, and answers it in X-Request-Id', async () => {
    for (const given of [undefined, 'x'.repeat(500), 'two words']) {
      const res = await fetch(`${stack.url}/healthz`, given ? { headers: { 'x-request-id': given } } : {});
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect((await requestLine(id!)).req).toMatchObject({ path: '/healthz' });
    }
  });

  it('never shows the value of an Authorization header, right or wrong', async () => {
    const wrong = `Bearer secret-${randomUUID()}`;
    const ids = [`auth-ok-${randomUUID()}`, `auth-wrong-${randomUUID()}`];
    await fetch(`${stack.url}/v1/journeys`, {
      headers: { 'x-request-id': ids[0]!, authorization: `Bearer ${keys.adminToken}` },
    });
    await fetch(`${stack.url}/v1/journeys`, { headers: { 'x-request-id': ids[1]!, authorization: wrong } });
    const basic = `Basic ${Buffer.from(`${keys.writeKey}:`).toString('base64')}`;
    const third = `auth-basic-${randomUUID()}`;
    await fetch(`${stack.url}/v1/track`, {
      method: 'POST',
      headers: { 'x-request-id': third, authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'log-secret', event: 'Logged' }),
    });
    expect((await requestLine(ids[1]!)).res).toEqual({ status: 401 });
    await requestLine(ids[0]!);
    await requestLine(third);
    const output = stack.output();
    for (const secret of [keys.adminToken, keys.writeKey, wrong.slice('Bearer '.length), basic.slice(6)])
      expect(output).not.toContain(secret);
  });
});
