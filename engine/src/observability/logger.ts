import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { z } from 'zod';

export type { Logger } from 'pino';

/** LOG_LEVEL: the least severe level written. */
export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof LogLevel>;

/** The header a request id comes in (from a proxy or the caller) and goes back out in. */
export const REQUEST_ID_HEADER = 'x-request-id';
// A caller's id is kept only when it looks like an id: no control characters, no log-line-sized strings.
const ACCEPTED_ID = /^[\w.:@/+=-]{1,128}$/;

/** A JSON-lines logger at `level`; fields named in `secrets` (at the top or one level down) and credential headers are censored. */
export function createLogger(options: {
  level: LogLevel;
  secrets: readonly string[];
  destination?: DestinationStream;
}): Logger {
  const fields = options.secrets.flatMap((name) => [name, `*.${name}`]);
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          ...fields,
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-api-key"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[secret]',
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that writes nothing (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The request id of `req`: the caller's X-Request-Id when it is a plausible id, else a new one; echoed in the response. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** One log line per HTTP request: request id, method, path (never the query, which may hold link tokens), status, duration. */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: requestId,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      // Headers are left out entirely: they carry write keys, tokens and cookies.
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?', 1)[0],
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
