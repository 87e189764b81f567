import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  deliverWebhook,
  deliverWebhookVia,
  type WebhookRequest,
} from '../../../engine/src/nodes/builtins/webhook-delivery.ts';
import {
  badWebhookAllowEntries,
  parseWebhookAllow,
  webhookRefusal,
} from '../../../engine/src/nodes/builtins/webhook-address.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';

// Webhooks only call public addresses, judged after DNS resolution, unless WEBHOOK_ALLOW lists the host,
// the address or its range. Expected classes are the IANA special-purpose registries (RFC 1918, 3927,
// 4193, 6598, 6890) and the cloud metadata endpoints (AWS, GCP, Azure: 169.254.169.254; AWS IPv6: fd00:ec2::254;
// Alibaba: 100.100.100.200).
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});
afterEach(() => {
  delete process.env.WEBHOOK_ALLOW;
  receiver.received.length = 0;
  receiver.answer([200]);
});

const request = (url: string): WebhookRequest => ({
  url,
  body: { hello: 'world' },
  secret: 'webhook-secret-0123456789',
  timeoutMs: 5_000,
  idempotencyKey: 'k',
});
const none = parseWebhookAllow(undefined);

describe('which addresses a webhook may call', () => {
  it.each([['93.184.216.34'], ['8.8.8.8'], ['2606:4700:4700::1111'], ['172.32.0.1'], ['100.128.0.1']])(
    'calls the public address %s',
    (address) => {
      expect(webhookRefusal('hooks.example.com', address, none)).toBeNull();
    },
  );

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'unique local'],
    ['fd00:ec2::254', 'unique local'],
    ['169.254.169.254', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.100.100.200', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
  ])('refuses %s (%s)', (address, what) => {
    expect(webhookRefusal('hooks.example.com', address, none)).toMatch(
      new RegExp(`resolves to .*${what}.*WEBHOOK_ALLOW`),
    );
  });

  it('lets WEBHOOK_ALLOW open a host name, an address or a range, and nothing else', () => {
    const allow = parseWebhookAllow('crm.internal, 10.0.0.7, 192.168.0.0/16, fd00::/8');
    expect(webhookRefusal('CRM.internal', '10.9.9.9', allow)).toBeNull();
    expect(webhookRefusal('a.internal', '10.0.0.7', allow)).toBeNull();
    expect(webhookRefusal('a.internal', '192.168.44.1', allow)).toBeNull();
    expect(webhookRefusal('a.internal', 'fd00:ec2::254', allow)).toBeNull();
    expect(webhookRefusal('a.internal', '10.0.0.8', allow)).toMatch(/private/);
    expect(webhookRefusal('a.internal', '127.0.0.1', allow)).toMatch(/loopback/);
  });

  it('names the WEBHOOK_ALLOW entries that are not a host, an address or a range', () => {
    expect(
      badWebhookAllowEntries('example.com, 10.0.0.0/8, ::1, [::1], 127.0.0.1, 300.1.1.1/8, not a host, 10.0.0.0/99'),
    ).toEqual(['300.1.1.1/8', 'not a host', '10.0.0.0/99']);
  });
});

describe('deliverWebhook', () => {
  const port = () => new URL(receiver.url).port;

  it.each([
    ['the receiver on 127.0.0.1', () => `${receiver.url}/hook`, '127.0.0.1'],
    [
      'localhost, judged by what it resolves to',
      () => `http://localhost:${port()}/hook`,
      'localhost resolves to 127.0.0.1',
    ],
    ['127.0.0.1 written as one number', () => `http://2130706433:${port()}/hook`, '127.0.0.1'],
    ['IPv6 loopback', () => `http://[::1]:${port()}/hook`, '::1'],
    ['the cloud metadata service', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['the AWS IPv6 metadata service', () => 'http://[fd00:ec2::254]/latest/meta-data/', 'fd00:ec2::254'],
    ['a private address', () => 'https://10.0.0.1/hook', '10.0.0.1'],
  ])('refuses %s, without retrying and before connecting', async (_what, url, named) => {
    await expect(deliverWebhook(request(url()))).rejects.toMatchObject({
      type: 'WebhookAddressRefused',
      nonRetryable: true,
      message: expect.stringContaining(named),
    });
    expect(receiver.received).toHaveLength(0);
  });

  it.each([['127.0.0.1'], ['127.0.0.0/8'], ['localhost']])(
    'calls a loopback receiver once WEBHOOK_ALLOW lists %s',
    async (allow) => {
      process.env.WEBHOOK_ALLOW = allow;
      await expect(deliverWebhook(request(`http://localhost:${port()}/hook`))).resolves.toEqual({ status: 200 });
      expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([{ hello: 'world' }]);
    },
  );

  it('connects to the address it checked: the host is resolved once and never again by the connection', async () => {
    // rebind.invalid exists in no DNS (RFC 6761); only the checked, pinned answer can reach the receiver.
    const answers = ['127.0.0.1', '169.254.169.254'];
    const resolve = async () => ({ address: answers.shift() ?? '169.254.169.254', family: 4 });
    const sent = deliverWebhookVia(request(`http://rebind.invalid:${port()}/hook`), {
      resolve,
      allow: parseWebhookAllow('127.0.0.1'),
    });
    await expect(sent).resolves.toEqual({ status: 200 });
    expect(receiver.received).toHaveLength(1);
    expect(answers).toEqual(['169.254.169.254']);
  });

  it('does not follow a redirect (it could lead to a refused address)', async () => {
    process.env.WEBHOOK_ALLOW = '127.0.0.1';
    receiver.answer([302]);
    await expect(deliverWebhook(request(`${receiver.url}/hook`))).rejects.toMatchObject({
      type: 'WebhookRedirected',
      nonRetryable: true,
    });
    expect(receiver.received).toHaveLength(1);
  });
});
