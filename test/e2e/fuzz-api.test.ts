import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '../../engine/bin/tools.mjs';
import {
  bodyOf,
  type JsonSchema,
  jsonText,
  nastyNumber,
  nastyString,
  valueOf,
  type Resolve,
} from '../support/schema-arbitrary.ts';
import { Operation, readDocument, type Document } from '../support/openapi-document.ts';
import { stackEnv, startStack, type StackProcess } from '../support/stack.ts';

// No request makes a 5xx: for every operation /openapi.json lists, requests built from its schemas
// (valid ones and mutations: wrong types, missing and extra fields, NUL, lone surrogates, huge
// strings and numbers, deep nesting, odd path and query values, wrong or missing keys, bodies that
// are not JSON) get a status the document declares for that operation, with a JSON body matching the
// schema it gives for that status, and the server stays healthy.
//   npx vitest run --config test/vitest.config.ts test/e2e/fuzz-api.test.ts   (FUZZ_RUNS=200 for more)
// Inside `npm test` every operation runs with a fixed seed of its own (derived from its method and
// path), so the suite is repeatable; FUZZ_SEED=random explores new requests, FUZZ_SEED=<n> replays.

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const BASE_SEED = process.env.FUZZ_SEED === 'random' ? undefined : Number(process.env.FUZZ_SEED ?? 20261201);
/** The seed of one operation: the base seed mixed with a hash of its method and path (FNV-1a). */
function seedOf(method: string, path: string): number | undefined {
  if (BASE_SEED === undefined) return undefined;
  let hash = 0x811c9dc5;
  for (const ch of `${method} ${path}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
  return (BASE_SEED ^ hash) | 0;
}
const keys = { writeKey: 'wk_test_write_key', adminToken: 'adm_test_admin_token' };
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const FUZZ_TEMPLATE = 'fuzz-template';

interface Request {
  method: string;
  path: string;
  query: string;
  auth: string | undefined;
  body: string | undefined;
  contentType: string | undefined;
  encoding: string | undefined;
}

let stack: StackProcess;
let document: Document;
let resolve: Resolve;
const known = {
  journeys: ['fuzz-live', 'fuzz-draft', 'fuzz-delete'],
  templates: ['welcome', FUZZ_TEMPLATE],
  customers: ['fuzz-customer'],
};

async function send(request: Request): Promise<{ status: number; text: string; type: string }> {
  const headers: Record<string, string> = {};
  if (request.auth !== undefined) headers.authorization = request.auth;
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  if (request.encoding !== undefined) headers['content-encoding'] = request.encoding;
  const res = await fetch(`${stack.url}${request.path}${request.query}`, {
    method: request.method,
    headers,
    redirect: 'manual',
    ...(request.body !== undefined ? { body: request.body } : {}),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

beforeAll(async () => {
  stack = await startStack(await stackEnv());
  const admin = { authorization: `Bearer ${keys.adminToken}`, 'content-type': 'application/json' };
  const starters = z
    .object({ starters: z.array(z.record(z.string(), z.unknown())) })
    .parse(await (await fetch(`${stack.url}/v1/starters`, { headers: admin })).json());
  for (const [i, id] of known.journeys.entries()) {
    const created = await fetch(`${stack.url}/v1/journeys`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ ...starters.starters[0], id }),
    });
    expect(created.status).toBe(201);
    if (i === 0)
      expect(
        (await fetch(`${stack.url}/v1/journeys/${id}/publish`, { method: 'POST', headers: admin, body: '{}' })).status,
      ).toBe(200);
  }
  const identify = await fetch(`${stack.url}/v1/identify`, {
    method: 'POST',
    headers: { authorization: basic(keys.writeKey), 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'fuzz-customer', traits: { email: 'fuzz@example.com' } }),
  });
  expect(identify.status).toBe(200);
  ({ document, resolve } = await readDocument(stack.url));
});
afterAll(async () => {
  await stack?.stop();
  // The embedded stack stores saved templates in the repository's templates/emails.
  rmSync(join(repoRoot, 'templates', 'emails', `${FUZZ_TEMPLATE}.mjml`), { force: true });
});

/** Percent-encodes text as UTF-8 (a lone surrogate becomes U+FFFD, as a browser would send it). */
const percent = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('');

/** Odd text for a path segment, already encoded (some of it on purpose badly). */
const oddSegment = fc.oneof(
  nastyString.filter((s) => s.length > 0 && s.length < 10_000).map(percent),
  // (never '', '.' or '..': the client resolves those away, so the request would go to another route)
  fc.constantFrom(
    '%',
    '%E0%A4%A',
    '%00',
    '%2F..%2F',
    '%20',
    'a%2Fb',
    String(99_999_999_999),
    '-1',
    '0',
    '1.5',
    '1e3',
    'x'.repeat(5000),
  ),
);

function segmentFor(path: string, method: string, name: string): fc.Arbitrary<string> {
  const ids =
    name === 'version'
      ? ['1', '2']
      : name === 'userId'
        ? known.customers
        : path.startsWith('/v1/templates')
          ? method === 'put'
            ? [FUZZ_TEMPLATE]
            : known.templates
          : // Only one journey is there to be deleted, so the others stay for the operations after DELETE.
            path.startsWith('/v1/journeys')
            ? method === 'delete'
              ? ['fuzz-delete']
              : known.journeys.filter((id) => id !== 'fuzz-delete')
            : [];
  return ids.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 2 }, { arbitrary: oddSegment, weight: 1 })
    : oddSegment;
}

function queryFor(operation: Operation): fc.Arbitrary<string> {
  const params = (operation.parameters ?? []).filter((p) => p.in === 'query');
  if (params.length === 0) return fc.constantFrom('', '?x=1', '?%=%');
  const value = (schema: JsonSchema | undefined) =>
    fc.oneof(
      valueOf(schema ?? {}, resolve).map(String),
      nastyNumber.map(String),
      nastyString.filter((s) => s.length < 10_000),
      fc.constantFrom('', 'abc', '1e400', '99999999999'),
    );
  return fc
    .tuple(
      ...params.map((p) =>
        fc.option(
          fc
            .array(value(p.schema), { minLength: 1, maxLength: 2 })
            .map((vs) => vs.map((v) => `${p.name}=${percent(v)}`).join('&')),
        ),
      ),
    )
    .map((parts) => {
      const q = parts.filter((p) => p !== null).join('&');
      return q ? `?${q}` : '';
    });
}

function authFor(operation: Operation): fc.Arbitrary<string | undefined> {
  const schemes = (operation.security ?? []).flatMap((s) => Object.keys(s));
  const right = schemes.includes('adminToken')
    ? [`Bearer ${keys.adminToken}`]
    : schemes.length > 0
      ? [basic(keys.writeKey), `Bearer ${keys.writeKey}`]
      : [undefined];
  const wrong = fc.constantFrom(
    undefined,
    'Bearer nope',
    'Basic !!!',
    'Bearer',
    basic(keys.adminToken),
    `Bearer ${keys.writeKey}`,
    'Digest x',
  );
  return fc.oneof({ arbitrary: fc.constantFrom(...right), weight: 4 }, { arbitrary: wrong, weight: 1 });
}

function bodyFor(operation: Operation): fc.Arbitrary<Pick<Request, 'body' | 'contentType' | 'encoding'>> {
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (!schema) return fc.constant({ body: undefined, contentType: undefined, encoding: undefined });
  const json = bodyOf(schema, resolve).map((value) => ({
    body: jsonText(value),
    contentType: 'application/json',
    encoding: undefined,
  }));
  const raw = fc.record({
    body: fc.oneof(
      fc.constantFrom('', 'not json', '{"a":', '[1,2', 'null', '"text"', '12', `{"x":"${'y'.repeat(3_000_000)}"}`),
      fc.string({ unit: 'binary', maxLength: 50 }),
    ),
    contentType: fc.constantFrom(
      undefined,
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin-9',
      'multipart/form-data; boundary=x',
    ),
    encoding: fc.constantFrom(undefined, undefined, 'gzip', 'br', 'identity', 'x-unknown'),
  });
  return fc.oneof({ arbitrary: json, weight: 3 }, { arbitrary: raw, weight: 1 });
}

const operations = (): Array<[string, string, Operation]> =>
  Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]): [string, string, Operation] => [path, method, Operation.parse(op)]),
  );

// Answers are checked against the schema the document gives for their status (JSON Schema 2020-12, as OpenAPI 3.1 uses).
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
function answerSchemas(operation: Operation): Map<number, ValidateFunction> {
  return new Map(
    Object.entries(operation.responses).flatMap(([status, response]) => {
      const schema = response.content?.['application/json']?.schema;
      return schema && typeof schema === 'object'
        ? [[Number(status), ajv.compile({ ...schema, components: document.components })] as const]
        : [];
    }),
  );
}

describe('every operation of /openapi.json under generated and mutated requests', () => {
  it('answers only statuses the document declares, never a 5xx, and stays healthy', async () => {
    const failures: string[] = [];
    expect(operations().length).toBeGreaterThan(20);
    for (const [path, method, operation] of operations()) {
      const declared = new Set(Object.keys(operation.responses).map(Number));
      const schemas = answerSchemas(operation);
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      const request = fc
        .record({
          segments: fc.tuple(...names.map((n) => segmentFor(path, method, n))),
          query: queryFor(operation),
          auth: authFor(operation),
          body: bodyFor(operation),
        })
        .map(({ segments, query, auth, body }): Request => ({
          method: method.toUpperCase(),
          path: names.reduce((p, n, i) => p.replace(`{${n}}`, segments[i] ?? ''), path),
          query,
          auth,
          ...body,
        }));
      const outcome = await fc.check(
        fc.asyncProperty(request, async (req) => {
          const res = await send(req);
          if (res.status >= 500 || !declared.has(res.status)) {
            throw new Error(
              `${req.method} ${req.path.slice(0, 200)}${req.query.slice(0, 200)} answered ${res.status} (declared: ${[...declared].join(', ')}): ${res.text.slice(0, 300)}`,
            );
          }
          const validate = schemas.get(res.status);
          if (validate && res.type.startsWith('application/json') && !validate(JSON.parse(res.text))) {
            throw new Error(
              `${req.method} ${req.path.slice(0, 200)} answered ${res.status} with a body the document does not describe: ${ajv.errorsText(validate.errors)}; body: ${res.text.slice(0, 300)}`,
            );
          }
        }),
        {
          numRuns: path === '/healthz' ? 5 : RUNS,
          endOnFailure: true,
          ...(seedOf(method, path) === undefined ? {} : { seed: seedOf(method, path) }),
        },
      );
      if (outcome.failed)
        failures.push(
          `${method.toUpperCase()} ${path}: ${String(outcome.errorInstance)} (seed ${outcome.seed}, path "${outcome.counterexamplePath}") request: ${JSON.stringify(outcome.counterexample?.[0]).slice(0, 800)}`,
        );
      const health = await fetch(`${stack.url}/healthz`);
      if (health.status !== 200)
        failures.push(`after ${method.toUpperCase()} ${path}: /healthz answered ${health.status}`);
    }
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
