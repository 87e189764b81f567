import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Request } from 'express';
import { z } from 'zod';
import { importCustomers, ImportRefused, ImportReport } from '../customer-import/index.ts';
import { unstorableText, type EventStore } from '../events/index.ts';
import { mappingFromQuery } from './customer-import-query.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';

/** Media types a CSV file arrives as (browsers label .csv files differently per platform). */
const CSV_TYPES = new Set([
  'text/csv',
  'text/plain',
  'application/csv',
  'application/vnd.ms-excel',
  'application/octet-stream',
]);

const ImportQuery = z.looseObject({
  startJourneys: z.enum(['true', 'false']).optional().meta({
    description: 'true: imported customers may start and advance journeys; default false (stored as history)',
  }),
  unmapped: z.enum(['keep', 'ignore']).optional().meta({
    description:
      'Columns without map.<column>: kept as text traits by header name, or ignored (default: keep when no column is mapped, else ignore)',
  }),
});

/** The request body as bytes of text: gzip undone; another encoding or a non-CSV, non-UTF-8 type is refused (415). */
function csvBodyOf(req: Request): Readable {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && !CSV_TYPES.has(type))
    throw new HttpError(415, `Send the file as text/csv, not ${type}`, [
      { path: '(headers)', message: 'content-type' },
    ]);
  const charset = /charset=([^;]+)/i
    .exec(req.headers['content-type'] ?? '')?.[1]
    ?.trim()
    .toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8')
    throw new HttpError(415, `Send the file as UTF-8, not ${charset}`, [{ path: '(headers)', message: 'charset' }]);
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip')
    throw new HttpError(415, `The content encoding ${encoding} is not supported; send the file as it is or gzip it`, [
      { path: '(headers)', message: 'content-encoding' },
    ]);
  const body = new PassThrough();
  const source: Readable = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
  source.on('error', (error: Error) =>
    body.destroy(
      new HttpError(400, `The gzip body cannot be read: ${error.message}`, [{ path: '(body)', message: 'gzip' }]),
    ),
  );
  req.on('close', () => {
    if (!req.complete)
      body.destroy(
        new HttpError(400, 'The upload was cut off before the end of the file', [
          { path: '(body)', message: 'cut off' },
        ]),
      );
  });
  source.pipe(body);
  return body;
}

/** After the importer stopped reading early (a refusal, a row too long), the rest of the upload is read and dropped, so the client sees the answer. */
function drain(req: Request): void {
  if (req.complete) return;
  req.unpipe();
  req.resume();
}

/** POST /v1/customers/import: a CSV file, streamed, into customers. */
export function customerImportRoutes(deps: { store: EventStore }): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/customers/import',
      auth: 'admin',
      summary:
        'Import customers from a CSV file (streamed): a header line, one customer per line; map.<column>=<trait>[:string|number|boolean|date] in the query maps a column (map.<column>= skips it), userId or email names the customer. Bad lines are listed by line and column; re-importing changes nothing',
      query: { schema: ImportQuery, invalid: 'Invalid import options', at: 'query' },
      body: {
        schema: z.string().meta({ description: 'The CSV file, UTF-8, optionally gzip-encoded' }),
        invalid: 'Invalid CSV file',
        limit: Number.POSITIVE_INFINITY,
        stream: 'text/csv',
        read: () => undefined,
      },
      responses: {
        200: {
          description: 'What was imported, unchanged and refused (each refused line with its line and column)',
          schema: ImportReport,
        },
        422: 'The file cannot be imported as asked: no header, no userId or email column, a mapped column the file lacks',
      },
      handler: async ({ req, res, query }) => {
        const mapping = mappingFromQuery(req.query);
        if ('problems' in mapping) throw new HttpError(400, 'Invalid column mapping', mapping.problems);
        const unstorable = unstorableText(mapping.columns, 'map');
        if (unstorable.length > 0) throw new HttpError(400, 'Invalid column mapping', unstorable);
        const body = csvBodyOf(req);
        try {
          const report = await importCustomers(body, {
            store: deps.store,
            mapping,
            startJourneys: query.startJourneys === 'true',
          });
          drain(req);
          res.json(report);
        } catch (error) {
          drain(req);
          if (error instanceof ImportRefused) throw new HttpError(422, error.message, error.problems);
          throw error;
        } finally {
          body.destroy();
        }
      },
    }),
  ];
}
