import { Router } from 'express';
import { anonymousIdsOf, customerEnrollments, customerGroups, findCustomer, listCustomers, listMessages, type Database } from '../db/index.ts';
import type { EventStore } from '../events/index.ts';
import type { TemplateStore } from '../email/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import { HttpError } from './errors.ts';
import { refuseUnstorableParams } from './params.ts';

/** Read-only views: node types, templates, customers (traits, groups, anonymous ids, timeline, journeys, messages). */
export function catalogRoutes(deps: { db: Database; store: EventStore; registry: NodeRegistry; templates: TemplateStore }): Router {
  const router = Router();
  refuseUnstorableParams(router, 'userId');
  router.get('/v1/nodes', (_req, res) => {
    res.json({ nodes: deps.registry.describe() });
  });
  router.get('/v1/templates', async (_req, res) => {
    res.json({ templates: await deps.templates.list() });
  });
  router.get('/v1/customers', async (_req, res) => {
    res.json({ customers: await listCustomers(deps.db) });
  });
  router.get('/v1/customers/:userId', async (req, res) => {
    const customer = await findCustomer(deps.db, req.params.userId);
    if (!customer) throw new HttpError(404, `No customer "${req.params.userId}" has been identified or tracked`);
    const [events, journeys, messages, groups, anonymousIds] = await Promise.all([
      deps.store.timeline(customer.userId), customerEnrollments(deps.db, customer.userId), listMessages(deps.db, { userId: customer.userId }),
      customerGroups(deps.db, customer.userId), anonymousIdsOf(deps.db, customer.userId),
    ]);
    res.json({ customer, groups, anonymousIds, events, journeys, messages });
  });
  return router;
}
