import { describe, expect, it } from 'vitest';
import {
  BatchCall,
  BatchItem,
  CALLS,
  eventTime,
  normalizeCall,
  type CallType,
} from '../../../engine/src/events/index.ts';

// Expected values are worked by hand from Segment's documented rules, not from the code.
const received = new Date('2026-03-01T12:00:00.000Z');

/** Parses and normalises one call as the ingest API does. */
function read(type: CallType, body: unknown) {
  const parsed = CALLS[type].safeParse(body);
  if (!parsed.success)
    return { problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  return normalizeCall(type, parsed.data, received);
}

describe('null means absent at the top level, and is a value inside properties and traits', () => {
  const cases: Array<{
    name: string;
    type: CallType;
    body: Record<string, unknown>;
    expected: Record<string, unknown>;
  }> = [
    {
      name: 'null anonymousId, context, integrations, timestamp',
      type: 'track',
      body: {
        userId: 'u1',
        anonymousId: null,
        event: 'Order Completed',
        properties: null,
        context: null,
        integrations: null,
        timestamp: null,
        messageId: 'm1',
      },
      expected: {
        userId: 'u1',
        anonymousId: undefined,
        properties: {},
        context: {},
        timestamp: '2026-03-01T12:00:00.000Z',
      },
    },
    {
      name: 'null inside properties is kept',
      type: 'track',
      body: { userId: 'u1', event: 'Order Completed', properties: { coupon: null, total: 10 } },
      expected: { properties: { coupon: null, total: 10 } },
    },
    {
      name: 'null inside traits is kept',
      type: 'identify',
      body: { userId: 'u1', traits: { phone: null, plan: 'pro' }, anonymousId: null },
      expected: { traits: { phone: null, plan: 'pro' } },
    },
    {
      name: 'numeric ids become text',
      type: 'identify',
      body: { userId: 42, anonymousId: 7, messageId: 99, traits: {} },
      expected: { userId: '42', anonymousId: '7', messageId: '99' },
    },
    {
      name: 'null userId with an anonymousId',
      type: 'page',
      body: { userId: null, anonymousId: 'a1', name: null, properties: { path: '/' } },
      expected: { userId: undefined, anonymousId: 'a1', properties: { path: '/' } },
    },
  ];
  it.each(cases)('$name', ({ type, body, expected }) => {
    expect(read(type, body)).toMatchObject(expected);
  });

  it('still requires some identity when both ids are null', () => {
    expect(read('track', { userId: null, anonymousId: null, event: 'E' })).toEqual({
      problems: [{ path: 'userId', message: 'userId or anonymousId is required' }],
    });
  });

  it('accepts writeKey, integrations and unknown fields in the body and keeps none of them as data', () => {
    const event = read('track', {
      userId: 'u',
      event: 'E',
      writeKey: 'wk',
      integrations: { All: false },
      channel: 'server',
      version: 2,
    });
    expect(event).toMatchObject({ type: 'track', event: 'E', context: {} });
    expect(JSON.stringify(event)).not.toContain('wk');
  });
});

describe('page and screen calls become events triggers can match', () => {
  const cases: Array<{
    type: CallType;
    body: Record<string, unknown>;
    event: string;
    properties: Record<string, unknown>;
  }> = [
    {
      type: 'page',
      body: { userId: 'u', name: 'Pricing', category: 'Docs', properties: { url: 'https://x/pricing' } },
      event: 'Page Viewed',
      properties: { url: 'https://x/pricing', name: 'Pricing', category: 'Docs' },
    },
    {
      type: 'page',
      body: { userId: 'u', properties: { name: 'From properties' } },
      event: 'Page Viewed',
      properties: { name: 'From properties' },
    },
    {
      type: 'screen',
      body: { userId: 'u', name: 'Home', properties: { variant: 'b' } },
      event: 'Screen Viewed',
      properties: { variant: 'b', name: 'Home' },
    },
    {
      type: 'screen',
      body: { userId: 'u', name: 'Settings', category: null },
      event: 'Screen Viewed',
      properties: { name: 'Settings' },
    },
  ];
  it.each(cases)('$type $body.name -> $event', ({ type, body, event, properties }) => {
    expect(read(type, body)).toMatchObject({ type, event, properties });
  });

  it('keeps group and alias fields and gives them no event name', () => {
    expect(read('group', { userId: 'u', groupId: 123, traits: { name: 'Initech' } })).toMatchObject({
      type: 'group',
      event: undefined,
      groupId: '123',
      traits: { name: 'Initech' },
    });
    expect(read('alias', { userId: 'u', previousId: 'anon-1' })).toMatchObject({
      type: 'alias',
      event: undefined,
      previousId: 'anon-1',
      userId: 'u',
    });
    expect(read('alias', { userId: 'u' })).toEqual({ problems: [{ path: 'previousId', message: expect.any(String) }] });
  });
});

describe('clock skew, as Segment documents it: timestamp = receivedAt - (sentAt - originalTimestamp)', () => {
  // receivedAt is 12:00:00.000 in every case.
  const cases: Array<{ name: string; call: Record<string, string>; expected: string }> = [
    {
      name: 'device clock 1 h fast, sent 10 s after the call',
      call: { originalTimestamp: '2026-03-01T13:00:00.000Z', sentAt: '2026-03-01T13:00:10.000Z' },
      expected: '2026-03-01T11:59:50.000Z',
    },
    {
      name: 'device clock 5 min slow, sent at once',
      call: { originalTimestamp: '2026-03-01T11:55:00.000Z', sentAt: '2026-03-01T11:55:00.000Z' },
      expected: '2026-03-01T12:00:00.000Z',
    },
    {
      name: 'server library: timestamp is the original, queued 2.5 s',
      call: { timestamp: '2026-03-01T11:59:57.500Z', sentAt: '2026-03-01T12:00:00.000Z' },
      expected: '2026-03-01T11:59:57.500Z',
    },
    {
      name: 'historical import: a 2012 timestamp sent by a clock 3 s fast',
      call: { timestamp: '2012-12-02T00:30:08.276Z', sentAt: '2026-03-01T12:00:03.000Z' },
      expected: '2012-12-02T00:30:05.276Z',
    },
    {
      name: 'timestamp without sentAt is taken as it is',
      call: { timestamp: '2012-12-02T00:30:08.276Z' },
      expected: '2012-12-02T00:30:08.276Z',
    },
    {
      name: 'both timestamp and originalTimestamp: timestamp is already corrected',
      call: {
        timestamp: '2026-03-01T10:00:00.000Z',
        originalTimestamp: '2026-03-01T11:00:00.000Z',
        sentAt: '2026-03-01T11:00:01.000Z',
      },
      expected: '2026-03-01T10:00:00.000Z',
    },
    { name: 'no times at all: receivedAt', call: {}, expected: '2026-03-01T12:00:00.000Z' },
    {
      name: 'sentAt alone changes nothing',
      call: { sentAt: '2030-01-01T00:00:00.000Z' },
      expected: '2026-03-01T12:00:00.000Z',
    },
  ];
  it.each(cases)('$name', ({ call, expected }) => {
    expect(eventTime(call, received)).toEqual({ timestamp: expected });
  });

  it('takes sentAt from the batch envelope when the call has none', () => {
    const parsed = CALLS.track.parse({ userId: 'u', event: 'E', timestamp: '2026-03-01T11:00:00.000Z' });
    expect(normalizeCall('track', parsed, received, { sentAt: '2026-03-01T11:00:30.000Z' })).toMatchObject({
      timestamp: '2026-03-01T11:59:30.000Z',
      originalTimestamp: '2026-03-01T11:00:00.000Z',
    });
  });

  it('refuses a correction that lands outside years 0001-9999', () => {
    expect(
      eventTime({ originalTimestamp: '0001-01-01T00:00:00.000Z', sentAt: '9999-01-01T00:00:00.000Z' }, received),
    ).toMatchObject({ problem: { path: 'sentAt' } });
  });
});

describe('timestamps Postgres can store', () => {
  const cases: Array<{ text: string; ok: string | false }> = [
    { text: '2026-03-01T12:00:00Z', ok: '2026-03-01T12:00:00.000Z' },
    { text: '2026-03-01T13:00:00.123456+01:00', ok: '2026-03-01T12:00:00.123Z' },
    { text: '2026-03-01T13:00:00.000+0100', ok: '2026-03-01T12:00:00.000Z' },
    { text: '2026-03-01T12:00:00', ok: '2026-03-01T12:00:00.000Z' },
    { text: '2026-03-01', ok: '2026-03-01T00:00:00.000Z' },
    { text: '0000-06-01T00:00:00Z', ok: false },
    { text: '2024-02-30T00:00:00Z', ok: false },
    { text: '+010000-01-01T00:00:00Z', ok: false },
    { text: 'yesterday', ok: false },
  ];
  it.each(cases)('$text', ({ text, ok }) => {
    const parsed = CALLS.track.safeParse({ userId: 'u', event: 'E', timestamp: text });
    if (ok === false) {
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['timestamp']);
    } else {
      expect(parsed.data?.timestamp).toBe(ok);
    }
  });
});

describe('batch', () => {
  it('takes every call type and names the valid ones for an unknown type', () => {
    for (const type of ['track', 'identify', 'page', 'screen', 'group', 'alias']) {
      const item = { type, userId: 'u', event: 'E', groupId: 'g', previousId: 'p' };
      expect(BatchItem.safeParse(item).success, type).toBe(true);
    }
    const unknown = BatchItem.safeParse({ type: 'merge', userId: 'u' });
    expect(unknown.error?.issues[0]?.message).toBe('type must be one of track, identify, page, screen, group, alias');
  });

  it('accepts null context and a top-level writeKey and sentAt', () => {
    expect(
      BatchCall.parse({
        batch: [{}],
        context: null,
        integrations: null,
        writeKey: 'wk',
        sentAt: '2026-03-01T12:00:00Z',
      }),
    ).toMatchObject({ context: undefined, writeKey: 'wk', sentAt: '2026-03-01T12:00:00.000Z' });
  });
});
