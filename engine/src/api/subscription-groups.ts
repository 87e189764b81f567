import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  changeSubscriptions,
  CustomerGroupStates,
  GroupChoices,
  groupStatesOf,
  SubscriptionGroup,
  SubscriptionGroupCreate,
  SubscriptionGroupList,
  SubscriptionGroupUpdate,
} from '../consent/index.ts';
import {
  deleteSubscriptionGroup,
  findCustomer,
  findSubscriptionGroup,
  insertSubscriptionGroup,
  listSubscriptionGroups,
  updateSubscriptionGroup,
  type Database,
} from '../db/index.ts';
import { subscriptionEvents, type EventStore } from '../events/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';

const GroupParams = { schema: z.object({ id: z.string().min(1).max(63) }), invalid: 'Invalid group id', at: 'path' };
const CustomerParams = { schema: z.object({ userId: z.string().min(1) }), invalid: 'Invalid customer id' };
const answer = (description: string, schema: z.ZodType) => ({ description, schema });

/** Subscription groups (admin): CRUD of the groups, and each customer's states, which the API can set. */
export function subscriptionGroupRoutes(deps: { db: Database; store: EventStore }): Route[] {
  const existing = async (id: string) => {
    const group = await findSubscriptionGroup(deps.db, id);
    if (!group) throw new HttpError(404, `There is no subscription group "${id}"`);
    return group;
  };
  const customer = async (userId: string) => {
    if (!(await findCustomer(deps.db, userId)))
      throw new HttpError(404, `No customer "${userId}" has been identified or tracked`);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/v1/subscription-groups',
      auth: 'admin',
      summary: 'The subscription groups (topics customers join or leave), by name',
      responses: { 200: answer('The groups', SubscriptionGroupList) },
      handler: async ({ res }) => {
        res.json({ groups: await listSubscriptionGroups(deps.db) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/subscription-groups',
      auth: 'admin',
      summary: 'Create a subscription group: an id email steps name, a name customers see, opt-in or opt-out',
      body: { schema: SubscriptionGroupCreate, invalid: 'Invalid subscription group', limit: '8kb' },
      responses: { 201: answer('Created', SubscriptionGroup), 409: 'A group of that id exists' },
      handler: async ({ body, res }) => {
        const created = await insertSubscriptionGroup(deps.db, { ...body, description: body.description ?? null });
        if (!created) throw new HttpError(409, `A subscription group "${body.id}" exists already`);
        res.status(201).json(created);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/subscription-groups/:id',
      auth: 'admin',
      summary: 'One subscription group',
      params: GroupParams,
      responses: { 200: answer('The group', SubscriptionGroup), 404: 'No such group' },
      handler: async ({ params, res }) => {
        res.json(await existing(params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/subscription-groups/:id',
      auth: 'admin',
      summary:
        "Change a group's name, description or default (customers who chose keep their choice; the others follow the new default)",
      params: GroupParams,
      body: { schema: SubscriptionGroupUpdate, invalid: 'Invalid subscription group change', limit: '8kb' },
      responses: { 200: answer('The group as changed', SubscriptionGroup), 404: 'No such group' },
      handler: async ({ params, body, res }) => {
        const updated = await updateSubscriptionGroup(deps.db, params.id, body);
        if (!updated) throw new HttpError(404, `There is no subscription group "${params.id}"`);
        res.json(updated);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/subscription-groups/:id',
      auth: 'admin',
      summary: "Delete a group and every customer's choice in it (email steps naming it then fail until changed)",
      params: GroupParams,
      responses: { 204: 'Deleted', 404: 'No such group' },
      handler: async ({ params, res }) => {
        if (!(await deleteSubscriptionGroup(deps.db, params.id)))
          throw new HttpError(404, `There is no subscription group "${params.id}"`);
        res.status(204).end();
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/customers/:userId/subscription-groups',
      auth: 'admin',
      summary: "A customer's state in every subscription group (their choice, else the group's default)",
      params: CustomerParams,
      responses: { 200: answer("The customer's groups", CustomerGroupStates), 404: 'Never identified or tracked' },
      handler: async ({ params, res }) => {
        await customer(params.userId);
        res.json(await groupStatesOf(deps.db, params.userId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/customers/:userId/subscription-groups',
      auth: 'admin',
      summary:
        'Set a customer in (true) or out (false) of groups, e.g. {"offers": false}; each change is a Subscription Group Joined / Left event (source api)',
      params: CustomerParams,
      body: { schema: GroupChoices, invalid: 'Invalid group choices', limit: '16kb' },
      responses: {
        200: answer("The customer's groups afterwards", CustomerGroupStates),
        404: 'Never identified or tracked',
        422: 'A group that does not exist',
      },
      handler: async ({ params, body, res }) => {
        await customer(params.userId);
        const known = new Set((await listSubscriptionGroups(deps.db)).map((g) => g.id));
        const unknown = Object.keys(body).filter((id) => !known.has(id));
        if (unknown.length > 0)
          throw new HttpError(
            422,
            `There is no subscription group ${unknown.map((id) => `"${id}"`).join(', ')}`,
            unknown.map((id) => ({ path: `body.${id}`, message: 'no such subscription group' })),
          );
        const changes = await changeSubscriptions(deps.db, params.userId, body, 'api');
        const now = new Date().toISOString();
        await deps.store.append(subscriptionEvents(params.userId, changes, 'api', `api-${randomUUID()}`, now));
        res.json(await groupStatesOf(deps.db, params.userId));
      },
    }),
  ];
}
