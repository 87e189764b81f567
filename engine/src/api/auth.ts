import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';
import { escapeHtml, page } from './page.ts';

/** Compares a given key with the expected one in constant time. */
export function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The credential in an Authorization header: a Bearer token or the Basic-auth username (Segment's libraries send the write key that way). */
export function credentialOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value] = header.split(' ', 2);
  if (!value) return undefined;
  if (scheme?.toLowerCase() === 'bearer') return value.trim();
  if (scheme?.toLowerCase() === 'basic') return Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  return undefined;
}

/** Requires the given key as Bearer token or Basic-auth username. */
export function requireKey(key: string, what: string): RequestHandler {
  return (req, _res, next) => {
    const given = credentialOf(req.headers.authorization);
    if (!given)
      throw new HttpError(
        401,
        `Missing ${what}: send it as "Authorization: Bearer <key>" or as the Basic-auth username`,
      );
    if (!same(given, key)) throw new HttpError(401, `Wrong ${what}`);
    next();
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The write key, as Segment's libraries send it: the Basic-auth username, a Bearer token, or
 * `writeKey` in the body when there is no Authorization header. A wrong header is refused
 * before the body is read.
 */
export function requireWriteKey(writeKey: string): { beforeBody: RequestHandler; afterBody: RequestHandler } {
  const missing =
    'Missing write key: send it as the Basic-auth username, as "Authorization: Bearer <key>" or as "writeKey" in the body';
  return {
    beforeBody: (req, _res, next) => {
      const given = credentialOf(req.headers.authorization);
      if (given !== undefined && !same(given, writeKey)) throw new HttpError(401, 'Wrong write key');
      next();
    },
    afterBody: (req, _res, next) => {
      const body: unknown = req.body;
      const inBody = isRecord(body) && typeof body.writeKey === 'string' ? body.writeKey : undefined;
      const given = credentialOf(req.headers.authorization) ?? inBody;
      if (given === undefined) throw new HttpError(401, missing);
      if (!same(given, writeKey)) throw new HttpError(401, 'Wrong write key');
      next();
    },
  };
}

/**
 * For pages a browser opens (the outbox): a missing or wrong admin token answers a sign-in page with
 * the Basic-auth challenge, so the browser asks for it.
 */
export function signInPage(requireAdmin: RequestHandler): RequestHandler {
  return (req, res, next) => {
    try {
      requireAdmin(req, res, next);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401) throw error;
      res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="Boomerang", charset="UTF-8"')
        .type('html')
        .send(
          page(
            'Sign in',
            `<h1>Sign in</h1><p>${escapeHtml(error.message)}.</p><p>In the browser's sign-in box, enter the admin token as the user name; the password is not used.</p>`,
          ),
        );
    }
  };
}
