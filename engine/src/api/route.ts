import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { problemsOf, unstorableText } from '../events/index.ts';
import { requireKey, requireWriteKey, signInPage } from './auth.ts';
import { refuseDeepBodies } from './depth.ts';
import { HttpError } from './errors.ts';

// One definition per route: what it reads (key, path, query, headers, body), what it can answer and
// how. `mountRoutes` serves it; `openApiDocument` documents it; neither has a list of its own.

/** Who may call a route: anyone, the admin token (JSON 401 or, for pages, a sign-in prompt), or the write key. */
export type Auth = 'none' | 'admin' | 'admin-page' | 'write-key';
export type Method = 'get' | 'post' | 'put' | 'delete';

/** One answer a route can give: a description and, for JSON, its schema; a string is an error answer. */
export type Answer =
  | string
  | {
      description: string;
      schema?: z.ZodType;
      html?: true;
      /** Also answers text/csv (`?format=csv` or `Accept: text/csv`). */ csv?: true;
    };

/** A schema of named fields (a query, path parameters, headers), as OpenAPI documents them one by one. */
export type FieldsSchema = z.ZodType<unknown, Record<string, unknown>>;

/** A query, path or header schema, with the message its 400 gives and the prefix of its problems' paths. */
export interface Input<S extends z.ZodType> {
  schema: S;
  invalid: string | ((raw: unknown) => string);
  at?: string;
}

/** A request body: JSON (or a form), its size limit, and how it is read (by default: parsed with `schema`, then refused when it holds text the database cannot). */
export interface Body<S extends z.ZodType = z.ZodType> {
  schema: S;
  invalid: string;
  limit: string | number;
  form?: true;
  /** Read the body whatever its Content-Type says (Segment's libraries do not always send one). */
  anyContentType?: true;
  /** Reads the body instead of `schema`; throws HttpError 400 naming where it is wrong. */
  read?: (raw: unknown) => unknown;
  /** Whether to refuse bodies nested deeper than MAX_JSON_DEPTH up front (default true). */
  depthChecked?: false;
  /** Keep the body's exact bytes for `rawBodyOf` (webhooks signed over them). */
  keepRaw?: true;
  /** A body of this media type that the handler reads from the request stream itself (never buffered whole). */
  stream?: 'text/csv';
}

type Out<I> = I extends { schema: infer S extends z.ZodType } ? z.output<S> : undefined;
type BodyOut<B> = B extends { read: (raw: unknown) => infer T } ? T : Out<B>;

/** What a handler gets: the parsed inputs (typed by their schemas), and the express request and response. */
export interface RouteInput<B, Q, P, H> {
  body: BodyOut<B>;
  query: Out<Q>;
  params: P extends Input<z.ZodType> ? Out<P> : Record<string, string>;
  headers: Out<H>;
  req: Request;
  res: Response;
}

/** A route as it is written. */
export interface RouteSpec<B, Q, P, H> {
  method: Method;
  /** express paths (`/v1/journeys/:id`); several when the same operation has aliases. */
  path: string | string[];
  summary: string;
  auth: Auth;
  body?: B;
  query?: Q;
  params?: P;
  headers?: H;
  responses: Record<number, Answer>;
  /** False for routes that read neither the database nor Temporal, so an outage cannot reach them. */
  canBeUnavailable?: false;
  handler: (input: RouteInput<B, Q, P, H>) => Promise<void> | void;
}

/** A defined route: what it reads and answers (for the document) and how to serve it. */
export interface Route {
  method: Method;
  paths: string[];
  summary: string;
  auth: Auth;
  body: Body | undefined;
  query: FieldsSchema | undefined;
  params: FieldsSchema | undefined;
  headers: FieldsSchema | undefined;
  /** Every status the route can answer, the common ones included. */
  responses: Record<number, Answer>;
  serve: (keys: Keys) => RequestHandler[];
}

/** The keys routes are guarded by. */
export interface Keys {
  adminToken: string;
  writeKey: string;
}

const OUTAGE = 'The database or Temporal cannot be reached right now; try again (Retry-After)';
const INVALID = 'Invalid input: each problem has a path and a message';

/** The statuses every route of this kind can answer, whatever its handler does. */
function commonAnswers(spec: {
  auth: Auth;
  body?: unknown;
  query?: unknown;
  headers?: unknown;
  path: string | string[];
  canBeUnavailable?: false;
}): Record<number, Answer> {
  const takesPath = [spec.path].flat().some((p) => p.includes(':'));
  const answers: Record<number, Answer> = {};
  if (spec.body || spec.query || spec.headers || takesPath) answers[400] = INVALID;
  if (spec.auth === 'admin' || spec.auth === 'write-key') answers[401] = 'Missing or wrong key';
  if (spec.auth === 'admin-page') answers[401] = { description: 'A sign-in prompt', html: true };
  if (spec.body) {
    answers[413] = 'Too large';
    answers[415] = 'Not UTF-8, or a content encoding other than gzip, deflate, br';
  }
  if (spec.canBeUnavailable !== false) answers[503] = OUTAGE;
  return answers;
}

const messageOf = (invalid: string | ((raw: unknown) => string), raw: unknown) =>
  typeof invalid === 'string' ? invalid : invalid(raw);

/** Parses one input with its schema, or throws the 400 that names each problem's path. */
function parse<S extends z.ZodType>(input: Input<S>, raw: unknown): z.output<S> {
  const parsed = input.schema.safeParse(raw);
  if (!parsed.success)
    throw new HttpError(400, messageOf(input.invalid, raw), problemsOf(parsed.error, input.at ?? ''));
  return parsed.data;
}

/** Reads a body by its schema and refuses text the database cannot store (NUL, lone surrogates), naming where. */
function readBody(body: Body, raw: unknown): unknown {
  if (body.read) return body.read(raw);
  const data = parse(body, raw ?? {});
  const unstorable = unstorableText(data);
  if (unstorable.length > 0)
    throw new HttpError(
      400,
      `${body.invalid}: it has text that cannot be stored, at ${unstorable[0]?.path}`,
      unstorable,
    );
  return data;
}

/** Refuses path values the database cannot hold (NUL, lone surrogates) with 400 naming the parameter. */
function refuseUnstorableParams(params: Record<string, string | string[]>): void {
  for (const [name, value] of Object.entries(params)) {
    const problems = unstorableText([value].flat().join('/'), name);
    if (problems.length > 0)
      throw new HttpError(400, `The URL's ${name} cannot name anything stored: ${problems[0]?.message}`, problems);
  }
}

function authFor(auth: Auth, keys: Keys): RequestHandler[] {
  if (auth === 'admin') return [requireKey(keys.adminToken, 'admin token')];
  if (auth === 'admin-page') return [signInPage(requireKey(keys.adminToken, 'admin token'))];
  return [];
}

const rawBodies = new WeakMap<object, Buffer>();

/** The exact bytes of a request's body, for routes whose body sets `keepRaw` (signatures are over bytes, not parsed JSON). */
export function rawBodyOf(req: Request): Buffer | undefined {
  return rawBodies.get(req);
}

function bodyParsers(body: Body | undefined): RequestHandler[] {
  if (!body || body.stream) return [];
  if (body.form) return [express.urlencoded({ extended: false, limit: body.limit })];
  return [
    express.json({
      limit: body.limit,
      ...(body.anyContentType ? { type: () => true } : {}),
      ...(body.keepRaw ? { verify: (req: object, _res: unknown, buf: Buffer) => void rawBodies.set(req, buf) } : {}),
    }),
    ...(body.depthChecked === false ? [] : [refuseDeepBodies]),
  ];
}

/**
 * Defines a route: its express handlers and its OpenAPI operation come from this one object.
 * @example defineRoute({ method: 'get', path: '/v1/nodes', summary: 'Node types', auth: 'admin', responses: { 200: { description: 'Node types', schema: NodeList } }, handler: ({ res }) => { res.json(...) } })
 */
export function defineRoute<
  B extends Body | undefined = undefined,
  Q extends Input<FieldsSchema> | undefined = undefined,
  P extends Input<FieldsSchema> | undefined = undefined,
  H extends Input<FieldsSchema> | undefined = undefined,
>(spec: RouteSpec<B, Q, P, H>): Route {
  const body: Body | undefined = spec.body;
  const query: Input<FieldsSchema> | undefined = spec.query;
  const params: Input<FieldsSchema> | undefined = spec.params;
  const headers: Input<FieldsSchema> | undefined = spec.headers;
  const handle: RequestHandler = async (req, res) => {
    refuseUnstorableParams(req.params);
    const input = {
      params: params ? parse(params, req.params) : req.params,
      headers: headers ? parse(headers, req.headers) : undefined,
      query: query ? parse(query, req.query) : undefined,
      body: body ? readBody(body, req.body) : undefined,
      req,
      res,
    };
    // The inputs were parsed by the very schemas that type them: this is the validated boundary.
    await spec.handler(input as RouteInput<B, Q, P, H>);
  };
  return {
    method: spec.method,
    paths: [spec.path].flat(),
    summary: spec.summary,
    auth: spec.auth,
    body,
    query: query?.schema,
    params: params?.schema,
    headers: headers?.schema,
    responses: { ...commonAnswers(spec), ...spec.responses },
    serve: (keys) => {
      const writeKey = spec.auth === 'write-key' ? requireWriteKey(keys.writeKey) : undefined;
      return [
        ...authFor(spec.auth, keys),
        ...(writeKey ? [writeKey.beforeBody] : []),
        ...bodyParsers(body),
        ...(writeKey ? [writeKey.afterBody] : []),
        handle,
      ];
    },
  };
}

/** Serves the routes on an express router (or app), each guarded by its kind of key. */
export function mountRoutes(router: express.Router, routes: Route[], keys: Keys): void {
  for (const route of routes) router[route.method](route.paths, ...route.serve(keys));
}
