import { eventually } from './ports.ts';

/** A small HTTP client for the tests, speaking to a running stack like a user's curl would. */
export function apiClient(url: string, keys: { writeKey: string; adminToken: string }) {
  const call = async (method: string, path: string, body: unknown, auth: string | undefined) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, json: json as any, text }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test helper: responses are asserted field by field
  };
  const basic = `Basic ${Buffer.from(`${keys.writeKey}:`).toString('base64')}`;
  const admin = `Bearer ${keys.adminToken}`;
  return {
    raw: call,
    track: (body: unknown) => call('POST', '/v1/track', body, basic),
    identify: (body: unknown) => call('POST', '/v1/identify', body, basic),
    batch: (body: unknown) => call('POST', '/v1/batch', body, basic),
    admin: (method: string, path: string, body?: unknown) => call(method, path, body, admin),
    /**
     * Resolves once nothing more can happen for these customers: every stored event is routed
     * (/healthz routing lag) and each of their runs has ended. Tests wait on this, never on a fixed
     * sleep, before asserting that something did not happen.
     */
    settled: (userIds: string[], timeoutMs = 60_000) =>
      eventually(
        async () => {
          const health = await call('GET', '/healthz', undefined, undefined);
          if (health.json?.routing?.unrouted !== 0) return undefined;
          for (const userId of userIds) {
            const customer = await call('GET', `/v1/customers/${encodeURIComponent(userId)}`, undefined, admin);
            const journeys = (customer.json?.journeys ?? []) as Array<{ status: string }>;
            if (journeys.some((j) => j.status !== 'completed')) return undefined;
          }
          return true;
        },
        `every event routed and every run of ${userIds.join(', ')} ended`,
        timeoutMs,
      ),
    outbox: async (to?: string) =>
      (await call('GET', `/v1/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`, undefined, admin)).json
        .messages as Array<{
        id: number;
        to: string[];
        subject: string;
        html: string;
        text: string;
        headers: Record<string, string>;
      }>,
  };
}
