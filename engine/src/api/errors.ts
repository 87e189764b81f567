import type { ErrorRequestHandler } from 'express';
import { isOutage, type Problem } from '../events/index.ts';

/** An error a client caused: its status, a message saying what to do, and the problems by path. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Problem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Turns thrown errors into JSON answers; client errors say where and what, outages say little. */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  if (error instanceof HttpError) {
    res.status(error.status).json({
      error: { message: error.message, ...(error.problems.length ? { problems: error.problems } : {}) },
      ...error.extra,
    });
    return;
  }
  const e = error as { type?: string; status?: number; message?: string; limit?: number; length?: number };
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({
      error: {
        message: `Malformed JSON in the request body: ${e.message}`,
        problems: [{ path: '(body)', message: String(e.message) }],
      },
    });
    return;
  }
  if (e.type === 'entity.too.large') {
    res.status(413).json({
      error: {
        message: `The request body is ${e.length} bytes; the limit is ${e.limit} bytes`,
        problems: [{ path: '(body)', message: 'too large' }],
      },
    });
    return;
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    res.status(415).json({
      error: {
        message: `${e.message}; send UTF-8 JSON, optionally gzip, deflate or br encoded`,
        problems: [{ path: '(headers)', message: String(e.message) }],
      },
    });
    return;
  }
  // express and its body parsers mark what the client got wrong with a 4xx status (a URL part
  // that is not valid percent-encoding, a body that does not decompress): say so, not "internal".
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const where = e.message?.startsWith('Failed to decode param') ? '(url)' : '(body)';
    res.status(e.status).json({
      error: {
        message:
          where === '(url)'
            ? `The URL is not valid percent-encoded UTF-8: ${e.message}`
            : `The request body could not be read: ${e.message}`,
        problems: [{ path: where, message: String(e.message) }],
      },
    });
    return;
  }
  // A value the database refused (text it cannot hold, a number or date out of its range) that no
  // check caught first: still the request's fault. Logged, since a check with a path should catch it.
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^22/.test(code)) {
    req.log.warn({ err: error }, 'a value reached the database unchecked');
    res.status(400).json({
      error: {
        message: `A value in the request cannot be stored: ${e.message}`,
        problems: [{ path: '(request)', message: String(e.message) }],
      },
    });
    return;
  }
  if (isOutage(error)) {
    req.log.error({ err: error }, 'unavailable: a part cannot be reached');
    res
      .status(503)
      .set('retry-after', '5')
      .json({
        error: {
          message:
            'A part of Boomerang (the database or Temporal) cannot be reached right now; try again in a few seconds',
        },
      });
    return;
  }
  req.log.error({ err: error }, 'internal error');
  res.status(500).json({ error: { message: 'Internal error; the details are in the server log' } });
};
