import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '../../engine/bin/tools.mjs';
import { signLink, signUnsubscribeToken } from '../../engine/src/email/index.ts';
import { signClickToken, signOpenToken } from '../../engine/src/tracking/index.ts';
import { valueOf, type Resolve } from '../support/schema-arbitrary.ts';
import { Operation, readDocument, type Document, type Parameter } from '../support/openapi-document.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// The API keeps the promises of its document: for every operation /openapi.json lists, requests built
// from the document alone (its parameters, bodies and security; valid by its schemas) are accepted by a
// running `boomerang start`: the answer's status is one the document declares for the operation, it is
// not a refusal of the request itself (400, 401, 413, 415) nor a 5xx, and a JSON answer matches the
// schema declared for its status. A 404 for an id nothing has (a generated dead-letter number) and a
// 409/422 for a state (an invalid draft) are outcomes the document declares, so they pass.
//   npx vitest run --config test/vitest.config.ts test/e2e/contract.test.ts   (CONTRACT_RUNS=20 for more)
// The only knowledge not taken from the document: which ids exist (made below) and how links are signed.

const RUNS = Number(process.env.CONTRACT_RUNS ?? 3);
const keys = { writeKey: 'wk_contract_write_key', adminToken: 'adm_contract_admin_token' };
const LINK_SECRET = 'contract-link-secret-0123456789abcdef';
const CUSTOMER = 'contract-customer';
const TEMPLATE = 'contract-template';
const REFUSALS = new Set([400, 401, 413, 415]);

let stack: StackProcess;
let document: Document;
let resolve: Resolve;

beforeAll(async () => {
  stack = await startStack(
    await stackEnv({ ...{ WRITE_KEY: keys.writeKey, ADMIN_TOKEN: keys.adminToken }, LINK_SECRET }),
  );
  const admin = { authorization: `Bearer ${keys.adminToken}`, 'content-type': 'application/json' };
  const starters = z
    .object({ starters: z.array(z.record(z.string(), z.unknown())) })
    .parse(await (await fetch(`${stack.url}/v1/starters`, { headers: admin })).json());
  for (const id of ['contract-live', 'contract-draft', 'contract-delete']) {
    expect(
      (
        await fetch(`${stack.url}/v1/journeys`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ ...starters.starters[0], id }),
        })
      ).status,
    ).toBe(201);
  }
  expect(
    (await fetch(`${stack.url}/v1/journeys/contract-live/publish`, { method: 'POST', headers: admin, body: '{}' }))
      .status,
  ).toBe(200);
  const identify = await fetch(`${stack.url}/v1/identify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${keys.writeKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ userId: CUSTOMER, traits: { email: 'contract@example.com' } }),
  });
  expect(identify.status).toBe(200);
  ({ document, resolve } = await readDocument(stack.url));
});
afterAll(async () => {
  await stack?.stop();
  // The embedded stack stores saved templates in the repository's templates/emails.
  rmSync(join(repoRoot, 'templates', 'emails', `${TEMPLATE}.mjml`), { force: true });
});

/** The id a path parameter names: one that exists where the test made one, else whatever the document's schema allows. */
function existing(path: string, method: string, name: string, values: Record<string, unknown>): string | undefined {
  if (name === 'userId') return CUSTOMER;
  if (name === 'version') return '1';
  if (name === 'token' && path.startsWith('/u/')) return signUnsubscribeToken(LINK_SECRET, { userId: CUSTOMER });
  if (name === 'token' && path.startsWith('/p/')) return signLink(LINK_SECRET, 'preferences', { userId: CUSTOMER });
  if (name === 'token' && path.startsWith('/t/o/')) return signOpenToken(LINK_SECRET, 'contract-send');
  if (name === 'token' && path.startsWith('/t/c/'))
    return signClickToken(LINK_SECRET, 'contract-send', 0, 'https://example.com/');
  // A survey link is for one survey; an answer naming a reason is the cancellation survey's.
  if (name === 'token')
    return signLink(LINK_SECRET, 'survey', {
      userId: CUSTOMER,
      survey: values.reason !== undefined && values.score === undefined ? 'cancellation' : 'nps',
    });
  if (name === 'id' && path.startsWith('/v1/templates')) return method === 'put' ? TEMPLATE : 'welcome';
  if (name === 'id' && path.startsWith('/v1/journeys'))
    return method === 'delete' ? 'contract-delete' : method === 'put' ? 'contract-draft' : 'contract-live';
  return undefined;
}

/** Text a header can carry (fetch sends Latin-1 only), of the same length. */
const headerText = (value: unknown) => String(value).replace(/[^\x21-\x7e]/g, 'x');

interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** One request built from the operation's parameters and body, valid by the document's schemas. */
function requestFor(path: string, method: string, operation: Operation): fc.Arbitrary<Request> {
  const params = operation.parameters ?? [];
  const field = (p: z.infer<typeof Parameter>) => {
    const value = valueOf(p.schema ?? {}, resolve).filter(
      (v) => p.in !== 'path' || !['', '.', '..'].includes(String(v)),
    );
    return p.required || p.in === 'path' ? value : fc.option(value, { nil: undefined });
  };
  const json = operation.requestBody?.content['application/json']?.schema;
  const form = operation.requestBody?.content['application/x-www-form-urlencoded']?.schema;
  const bodySchema = json ?? form;
  return fc
    .record({
      values: fc.tuple(...params.map(field)),
      body: bodySchema ? valueOf(bodySchema, resolve) : fc.constant(undefined),
    })
    .map(({ values, body }) => {
      const given = (where: string) =>
        Object.fromEntries(
          params.flatMap((p, i) => (p.in === where && values[i] !== undefined ? [[p.name, values[i]]] : [])),
        );
      const bodyFields =
        body !== null && typeof body === 'object' && !Array.isArray(body)
          ? Object.fromEntries(Object.entries(body))
          : {};
      const query = given('query');
      let url = path;
      for (const [name, value] of Object.entries(given('path'))) {
        url = url.replace(
          `{${name}}`,
          encodeURIComponent(existing(path, method, name, { ...query, ...bodyFields }) ?? String(value)),
        );
      }
      const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
      const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s));
      const auth = schemes.includes('adminToken')
        ? `Bearer ${keys.adminToken}`
        : schemes.includes('writeKey')
          ? `Basic ${Buffer.from(`${keys.writeKey}:`).toString('base64')}`
          : undefined;
      // A journey saved at a URL is that journey: the body's id is the URL's.
      const sent =
        path === '/v1/journeys/{id}' && method === 'put'
          ? { ...bodyFields, id: existing(path, method, 'id', {}) }
          : body;
      const headers: Record<string, string> = Object.fromEntries(
        Object.entries(given('header')).map(([k, v]) => [k, headerText(v)]),
      );
      if (auth) headers.authorization = auth;
      if (bodySchema) headers['content-type'] = json ? 'application/json' : 'application/x-www-form-urlencoded';
      const text = !bodySchema
        ? undefined
        : json
          ? JSON.stringify(sent)
          : new URLSearchParams(Object.entries(bodyFields).map(([k, v]) => [k, String(v)])).toString();
      return { method: method.toUpperCase(), url: `${url}${search ? `?${search}` : ''}`, headers, body: text };
    });
}

/** The seed of one operation (FNV-1a of its method and path), so every run sends the same requests. */
function seedOf(method: string, path: string): number {
  let hash = 0x811c9dc5;
  for (const ch of `${method} ${path}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
  return hash | 0;
}

const ajv = new Ajv2020({ strict: false, validateFormats: false });
function answerSchema(operation: Operation, status: number): ValidateFunction | undefined {
  const schema = operation.responses[String(status)]?.content?.['application/json']?.schema;
  return schema && typeof schema === 'object' ? ajv.compile({ ...schema, components: document.components }) : undefined;
}

describe('every operation of /openapi.json, called as the document describes it', () => {
  it('accepts the request and answers a declared status with a body matching its declared schema', async () => {
    const failures: string[] = [];
    const seen: string[] = [];
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, operation: Operation.parse(op) })),
    );
    expect(operations.length).toBeGreaterThan(40);
    for (const { path, method, operation } of operations) {
      const declared = Object.keys(operation.responses).map(Number);
      for (const request of fc.sample(requestFor(path, method, operation), {
        numRuns: RUNS,
        seed: seedOf(method, path),
      })) {
        const res = await fetch(`${stack.url}${request.url}`, {
          method: request.method,
          headers: request.headers,
          redirect: 'manual',
          ...(request.body === undefined ? {} : { body: request.body }),
        });
        const text = await res.text();
        seen.push(`${method.toUpperCase()} ${path} ${res.status}`);
        const said = `${request.method} ${request.url.slice(0, 150)} ${request.body?.slice(0, 300) ?? ''} answered ${res.status} (declared: ${declared.join(', ')}): ${text.slice(0, 300)}`;
        if (!declared.includes(res.status)) failures.push(`undeclared status: ${said}`);
        else if (REFUSALS.has(res.status) || res.status >= 500) failures.push(`a valid request refused: ${said}`);
        const validate = answerSchema(operation, res.status);
        if (
          validate &&
          (res.headers.get('content-type') ?? '').startsWith('application/json') &&
          !validate(JSON.parse(text))
        ) {
          failures.push(`answer not as declared (${ajv.errorsText(validate.errors)}): ${said}`);
        }
      }
    }
    console.info(`Statuses answered:\n${[...new Set(seen)].join('\n')}`);
    if (failures.length > 0)
      console.error(
        `Server log around the failures:\n${stack
          .output()
          .split('\n')
          .filter((l) => /\[api\]|Error|error:/.test(l))
          .slice(-40)
          .join('\n')}`,
      );
    expect(failures).toEqual([]);
  });
});
