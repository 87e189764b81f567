import type { RequestHandler } from 'express';
import { HttpError } from './errors.ts';

/** How deeply a JSON body may nest; a journey needs about ten levels, node configs a few more. */
export const MAX_JSON_DEPTH = 64;

/**
 * The path of the first place where `value` nests deeper than `limit` levels, or undefined.
 * Iterative, so a body of 100,000 nested arrays is measured instead of overflowing the stack.
 * @example nestedTooDeep({ a: [[1]] }, 2) // 'a.0'
 */
export function nestedTooDeep(value: unknown, limit: number): string | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= limit) return next.path || '(body)';
    for (const [key, item] of Object.entries(next.value))
      pending.push({ value: item, path: next.path ? `${next.path}.${key}` : key, depth: next.depth + 1 });
  }
  return undefined;
}

/** Refuses a parsed JSON body that nests deeper than MAX_JSON_DEPTH with 400 naming where (before recursive code meets it). */
export const refuseDeepBodies: RequestHandler = (req, _res, next) => {
  const at = nestedTooDeep(req.body, MAX_JSON_DEPTH);
  if (at !== undefined)
    throw new HttpError(400, `The JSON nests deeper than ${MAX_JSON_DEPTH} levels (at ${at.slice(0, 200)})`, [
      { path: at.slice(0, 500), message: `nests deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  next();
};
