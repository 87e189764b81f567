import type { Request, RequestHandler } from 'express';
import { recordRequest } from './metrics.ts';

/** The route pattern that answered (never the raw path: ids in paths would make a series per customer). */
function routeOf(req: Request): string {
  const route: unknown = req.route;
  if (route && typeof route === 'object' && 'path' in route) {
    const path = route.path;
    if (typeof path === 'string') return path;
    if (Array.isArray(path)) return path.join(',');
  }
  return 'unmatched';
}

/** Times every HTTP call into boomerang_http_request_duration_seconds, labelled by method, route and status. */
export function requestMetrics(): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      recordRequest(req.method, routeOf(req), res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
