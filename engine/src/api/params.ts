import type { Router } from 'express';
import { unstorableText } from '../events/index.ts';
import { HttpError } from './errors.ts';

/**
 * Refuses the named path parameters when they hold text the database cannot (NUL, lone surrogates),
 * with 400 naming the parameter, before any query would fail on them.
 */
export function refuseUnstorableParams(router: Router, ...names: string[]): void {
  for (const name of names) {
    router.param(name, (_req, _res, next, value: string) => {
      const problems = unstorableText(value, name);
      if (problems.length > 0) throw new HttpError(400, `The URL's ${name} cannot name anything stored: ${problems[0]?.message}`, problems);
      next();
    });
  }
}
