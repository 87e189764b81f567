/** A small HTTP client for the tests, speaking to a running stack like a user's curl would. */
export function apiClient(url: string, keys: { writeKey: string; adminToken: string }) {
  const call = async (method: string, path: string, body: unknown, auth: string | undefined) => {
    const headers: Record<string, string> = {};
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: unknown = undefined;
    try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
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
    outbox: async (to?: string) => (await call('GET', `/v1/outbox${to ? `?to=${encodeURIComponent(to)}` : ''}`, undefined, admin)).json.messages as Array<{ id: number; to: string[]; subject: string; html: string; text: string; headers: Record<string, string> }>,
  };
}
