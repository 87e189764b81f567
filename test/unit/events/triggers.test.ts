import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dailyEvent, enrolment } from '../../../engine/src/events/triggers.ts';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import {
  builtinNodes,
  createRegistry,
  defaultRegistry,
  defineTrigger,
  type TriggerEvent,
} from '../../../engine/src/nodes/index.ts';
import type { Plan } from '../../../engine/src/interpreter/index.ts';

const track = (event: string, properties: Record<string, unknown> = {}): TriggerEvent => ({
  type: 'track',
  messageId: 'm1',
  userId: 'ada',
  event,
  properties,
  traits: {},
  previousTraits: {},
  timestamp: '2026-03-01T10:00:00Z',
});
const planWith = (trigger: Record<string, unknown>, registry = defaultRegistry()) =>
  compile(
    Journey.parse({
      id: 'j',
      name: 'J',
      nodes: [trigger, { id: 'x', type: 'exit' }],
      edges: [{ from: String(trigger.id), to: 'x' }],
    }),
    { registry, version: 1 },
  );

describe('which events enrol a customer into a plan', () => {
  const orders = planWith({
    id: 't',
    type: 'event-trigger',
    config: { event: 'Order Completed', where: [{ property: 'total', op: 'gte', value: 50 }] },
  });
  const errors: unknown[] = [];
  const onError = (e: unknown) => errors.push(e);

  it.each([
    ['the event, passing the filter', track('Order Completed', { total: 60 }), { key: undefined }],
    ['the event, failing the filter', track('Order Completed', { total: 10 }), null],
    ['another event', track('Signed Up', { total: 60 }), null],
  ])('asks the trigger type: %s', (_name, event, expected) => {
    expect(enrolment(orders, defaultRegistry(), event, onError)).toEqual(expected);
  });

  it('still routes plans compiled before triggers carried their node type', () => {
    const legacy: Plan = {
      ...orders,
      trigger: { nodeId: 't', event: 'Order Completed', where: [{ property: 'total', op: 'gte', value: 50 }] },
    };
    expect(enrolment(legacy, defaultRegistry(), track('Order Completed', { total: 60 }), onError)).toEqual({
      key: undefined,
    });
    expect(enrolment(legacy, defaultRegistry(), track('Order Completed', { total: 10 }), onError)).toBeNull();
  });

  it('passes the correlation key of a trigger that declares one', () => {
    const perCart = defineTrigger({
      type: 'per-cart',
      version: 1,
      label: 'Per cart',
      group: 'Triggers',
      icon: 'x',
      description: 'x',
      configSchema: z.object({}),
      summary: () => 'x',
      events: () => ['Cart Abandoned'],
      matches: () => true,
      correlationKey: (e) => String(e.properties['cart_id']),
    });
    const registry = createRegistry([...builtinNodes, perCart]);
    expect(
      enrolment(
        planWith({ id: 't', type: 'per-cart' }, registry),
        registry,
        track('Cart Abandoned', { cart_id: 'c9' }),
        onError,
      ),
    ).toEqual({ key: 'c9' });
  });

  it('enrols no one, and says why, when the trigger type is not installed or its matcher throws', () => {
    const throwing = defineTrigger({
      type: 'throwing',
      version: 1,
      label: 'T',
      group: 'Triggers',
      icon: 'x',
      description: 'x',
      configSchema: z.object({}),
      summary: () => 'x',
      events: () => ['Boom'],
      matches: () => {
        throw new Error('kaboom');
      },
    });
    const registry = createRegistry([...builtinNodes, throwing]);
    const plan = planWith({ id: 't', type: 'throwing' }, registry);
    errors.length = 0;
    expect(enrolment(plan, registry, track('Boom'), onError)).toBeNull();
    expect(enrolment(plan, defaultRegistry(), track('Boom'), onError)).toBeNull();
    expect(errors.map(String)).toEqual([
      expect.stringContaining('failed on event m1: kaboom'),
      expect.stringContaining('starts with node type "throwing", which is not installed'),
    ]);
  });
});

describe('a plan compiled for an older version of its trigger type', () => {
  const v1 = defineTrigger({
    type: 'big-order',
    version: 1,
    label: 'Big order',
    group: 'Triggers',
    icon: 'x',
    description: 'x',
    configSchema: z.object({ min: z.number() }),
    summary: () => 'x',
    events: () => ['Order Completed'],
    matches: (e, c) => Number(e.properties['total']) >= c.min,
  });
  const v2 = {
    type: 'big-order',
    version: 2,
    label: 'Big order',
    group: 'Triggers',
    icon: 'x',
    description: 'x',
    configSchema: z.object({ minimum: z.number() }),
    summary: () => 'x',
    events: () => ['Order Completed'],
    matches: (e: TriggerEvent, c: { minimum: number }) => Number(e.properties['total']) >= c.minimum,
  };
  const plan = planWith({ id: 't', type: 'big-order', config: { min: 100 } }, createRegistry([...builtinNodes, v1]));

  it("is read through the new version's migrate", () => {
    const registry = createRegistry([
      ...builtinNodes,
      defineTrigger({ ...v2, migrate: (c) => ({ minimum: c['min'] }) }),
    ]);
    expect(enrolment(plan, registry, track('Order Completed', { total: 150 }), () => undefined)).toEqual({
      key: undefined,
    });
    expect(enrolment(plan, registry, track('Order Completed', { total: 50 }), () => undefined)).toBeNull();
  });

  it('enrols no one, and says why, when the new version has no migrate', () => {
    const problems: unknown[] = [];
    expect(
      enrolment(
        plan,
        createRegistry([...builtinNodes, defineTrigger(v2)]),
        track('Order Completed', { total: 150 }),
        (e) => problems.push(e),
      ),
    ).toBeNull();
    expect(String(problems[0])).toContain('saved with version 1 of "big-order"');
  });
});

describe('the daily check event', () => {
  it("carries the day in the journey's timezone", () => {
    const late = Date.UTC(2026, 2, 1, 23, 30);
    expect(dailyEvent('ada', {}, 'UTC', late).properties).toEqual({ date: '2026-03-01' });
    expect(dailyEvent('ada', {}, 'Europe/Paris', late).properties).toEqual({ date: '2026-03-02' });
  });
});
