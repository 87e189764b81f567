import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

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
    if (!given) throw new HttpError(401, `Missing ${what}: send it as "Authorization: Bearer <key>" or as the Basic-auth username`);
    if (!same(given, key)) throw new HttpError(401, `Wrong ${what}`);
    next();
  };
}
