import { z } from 'zod';
import { deleteSender, saveSender, type Database } from '../db/index.ts';
import { allSenders, DEFAULT_SENDER_ID } from '../deliverability/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import { SenderFields, SenderId, SenderList, SenderShape } from '../deliverability/index.ts';

const Params = {
  schema: z.object({ id: SenderId }),
  invalid: 'Invalid sender id',
  at: 'path',
};
const BUILT_IN = `"${DEFAULT_SENDER_ID}" is the sender from MAIL_FROM; change MAIL_FROM to change it`;

/** Sender identities (From name and address, reply-to) that journeys and email steps send as. */
export function senderRoutes(deps: { db: Database; mailFrom: string }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/senders',
      auth: 'admin',
      summary: 'The sender identities: the default from MAIL_FROM first, then the ones added here',
      responses: { 200: { description: 'Senders', schema: SenderList } },
      handler: async ({ res }) => {
        res.json({ senders: await allSenders(deps.db, deps.mailFrom) });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/senders/:id',
      auth: 'admin',
      summary: 'Add or change a sender identity (name, address, reply-to)',
      params: Params,
      body: { schema: SenderFields, invalid: 'Invalid sender', limit: '16kb' },
      responses: {
        200: { description: 'Changed', schema: SenderShape },
        201: { description: 'Added', schema: SenderShape },
        409: BUILT_IN,
      },
      handler: async ({ params, body, res }) => {
        if (params.id === DEFAULT_SENDER_ID) throw new HttpError(409, BUILT_IN);
        const sender = { id: params.id, ...body };
        const created = await saveSender(deps.db, sender);
        res.status(created ? 201 : 200).json({ ...sender, builtIn: false });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/senders/:id',
      auth: 'admin',
      summary: 'Remove a sender identity (emails of published journeys that named it go out as the default sender)',
      params: Params,
      responses: { 204: 'Removed', 404: 'No such sender', 409: BUILT_IN },
      handler: async ({ params, res }) => {
        if (params.id === DEFAULT_SENDER_ID) throw new HttpError(409, BUILT_IN);
        if (!(await deleteSender(deps.db, params.id)))
          throw new HttpError(404, `There is no sender "${params.id}"; GET /v1/senders lists them`);
        res.status(204).end();
      },
    }),
  ];
}
