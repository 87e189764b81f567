import { z } from 'zod';
import {
  anonymousIdsOf,
  customerEnrollments,
  customerGroups,
  findCustomer,
  listCustomers,
  listMessages,
  type Database,
} from '../db/index.ts';
import type { EventStore } from '../events/index.ts';
import type { TemplateStore } from '../email/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import { CustomerList, CustomerView, NodeList, TemplateList } from './shapes.ts';

/** Read-only views: node types, templates, customers (traits, groups, anonymous ids, timeline, journeys, messages). */
export function catalogRoutes(deps: {
  db: Database;
  store: EventStore;
  registry: NodeRegistry;
  templates: TemplateStore;
}): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/nodes',
      auth: 'admin',
      summary: 'Node types with their config JSON Schema',
      canBeUnavailable: false,
      responses: { 200: { description: 'Node types', schema: NodeList } },
      handler: ({ res }) => {
        res.json({ nodes: deps.registry.describe() });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/templates',
      auth: 'admin',
      summary: 'Email templates',
      responses: { 200: { description: 'Templates', schema: TemplateList } },
      handler: async ({ res }) => {
        res.json({ templates: await deps.templates.list() });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/customers',
      auth: 'admin',
      summary: 'Customers, most recent first',
      responses: { 200: { description: 'Customers', schema: CustomerList } },
      handler: async ({ res }) => {
        res.json({ customers: await listCustomers(deps.db) });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/customers/:userId',
      auth: 'admin',
      summary: 'One customer: traits, event timeline, journeys, messages',
      params: { schema: z.object({ userId: z.string() }), invalid: 'Invalid customer id' },
      responses: { 200: { description: 'The customer', schema: CustomerView }, 404: 'Never identified or tracked' },
      handler: async ({ params, res }) => {
        const customer = await findCustomer(deps.db, params.userId);
        if (!customer) throw new HttpError(404, `No customer "${params.userId}" has been identified or tracked`);
        const [events, journeys, messages, groups, anonymousIds] = await Promise.all([
          deps.store.timeline(customer.userId),
          customerEnrollments(deps.db, customer.userId),
          listMessages(deps.db, { userId: customer.userId }),
          customerGroups(deps.db, customer.userId),
          anonymousIdsOf(deps.db, customer.userId),
        ]);
        res.json({ customer, groups, anonymousIds, events, journeys, messages });
      },
    }),
  ];
}
