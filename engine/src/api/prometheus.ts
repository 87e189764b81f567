import type { RequestHandler } from 'express';
import { metricsText } from '../observability/index.ts';
import { credentialOf, same } from './auth.ts';
import { HttpError } from './errors.ts';

/**
 * GET /metrics in Prometheus text format, for a Bearer token (or Basic-auth username) that is the
 * admin token or METRICS_TOKEN; the latter lets a scraper read metrics without admin rights.
 */
export function metricsEndpoint(tokens: { adminToken: string; metricsToken?: string | undefined }): RequestHandler {
  const accepted = [tokens.adminToken, tokens.metricsToken].filter((t): t is string => t !== undefined);
  return (req, res, next) => {
    const given = credentialOf(req.headers.authorization);
    if (!given)
      throw new HttpError(
        401,
        'Missing token: /metrics takes the metrics token (METRICS_TOKEN) or the admin token as "Authorization: Bearer <token>"',
      );
    if (!accepted.some((t) => same(given, t))) throw new HttpError(401, 'Wrong token for /metrics');
    metricsText().then(({ contentType, text }) => {
      res.type(contentType).send(text);
    }, next);
  };
}
