import {
  findSuppression,
  listSuppressions,
  removeSuppression,
  suppressAddress,
  suppressionKey,
  type Database,
} from '../db/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import {
  SuppressionAdd,
  SuppressionList,
  SuppressionParams,
  SuppressionQuery,
  SuppressionShape,
} from './suppression-shapes.ts';

/** The suppression list (admin): page through and search it, add an address by hand, take one off. */
export function suppressionRoutes(deps: { db: Database }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/suppressions',
      auth: 'admin',
      summary:
        'Addresses no email goes to (bounced, complained, added by hand), newest first; search by part of the address',
      query: { schema: SuppressionQuery, invalid: 'Invalid suppressions query', at: 'query' },
      responses: { 200: { description: 'A page of the suppression list', schema: SuppressionList } },
      handler: async ({ query, res }) => {
        res.json(await listSuppressions(deps.db, query));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/suppressions',
      auth: 'admin',
      summary: 'Stop emailing an address (reason manual); an address already on the list keeps its first reason',
      body: { schema: SuppressionAdd, invalid: 'Invalid suppression', limit: '4kb' },
      responses: {
        201: { description: 'Added', schema: SuppressionShape },
        200: { description: 'Already on the list: its entry', schema: SuppressionShape },
      },
      handler: async ({ body, res }) => {
        const added = await suppressAddress(deps.db, {
          address: body.address,
          reason: 'manual',
          source: 'api',
          detail: body.note ?? null,
        });
        const entry = await findSuppression(deps.db, body.address);
        res.status(added ? 201 : 200).json(entry);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/suppressions/:address',
      auth: 'admin',
      summary: 'Take an address off the suppression list, so email goes to it again',
      params: { schema: SuppressionParams, invalid: 'Invalid address', at: 'path' },
      responses: { 204: 'Removed', 404: 'Not on the list' },
      handler: async ({ params, res }) => {
        if (!(await removeSuppression(deps.db, params.address)))
          throw new HttpError(404, `${suppressionKey(params.address)} is not on the suppression list`);
        res.status(204).end();
      },
    }),
  ];
}
