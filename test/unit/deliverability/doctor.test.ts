import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { doctorReport, type DoctorFacts } from '../../../engine/src/deliverability/index.ts';

// The doctor's checks on hand-made facts; expected texts and lines are written out by hand.
const publicKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'der' })
  .toString('base64');
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .publicKey.export({ type: 'spki', format: 'der' })
  .toString('base64');

const FOOTER = '<a href="{{ unsubscribeUrl }}">Unsubscribe</a> {{ postalAddress }}';
const facts = (over: Partial<DoctorFacts> = {}): DoctorFacts => ({
  dkim: { domain: 'shop.example', selector: 'news', publicKey },
  smtpHost: 'smtp.relay.example',
  senders: [{ id: 'default', name: 'Shop', address: 'hello@shop.example', replyTo: null, builtIn: true }],
  templates: [{ id: 'welcome', source: `<mjml>${FOOTER}</mjml>` }],
  postalAddress: '1 Main St, Springfield',
  dns: {},
  rates: { sent: 1000, hardBounces: 0, complaints: 0 },
  ...over,
});
const check = (f: DoctorFacts, id: string) => doctorReport(f).checks.find((c) => c.id === id);

describe('boomerang doctor: DKIM', () => {
  it('fails without a key and says how to make one', () => {
    const dkim = check(facts({ dkim: undefined }), 'dkim');
    expect(dkim?.status).toBe('fail');
    expect(dkim?.message).toContain('boomerang dkim generate');
  });

  it('asks to publish the record when DNS has none, giving it to copy', () => {
    const dkim = check(facts(), 'dkim');
    expect(dkim?.status).toBe('warn');
    const line = dkim?.copy[0] ?? '';
    expect(line.startsWith('news._domainkey.shop.example IN TXT "v=DKIM1; k=rsa; p=')).toBe(true);
    expect([...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('')).toBe(`v=DKIM1; k=rsa; p=${publicKey}`);
  });

  it('is ok when the published key matches and fails when it is another key', () => {
    const at = 'news._domainkey.shop.example';
    expect(check(facts({ dns: { [at]: [`v=DKIM1; k=rsa; p=${publicKey}`] } }), 'dkim')?.status).toBe('ok');
    expect(check(facts({ dns: { [at]: [`v=DKIM1; k=rsa; p=${otherKey}`] } }), 'dkim')?.status).toBe('fail');
  });
});

describe('boomerang doctor: SPF, DMARC and alignment', () => {
  it('gives the SPF and DMARC records to publish for the relay host', () => {
    expect(check(facts(), 'spf:shop.example')).toMatchObject({
      status: 'warn',
      copy: ['shop.example IN TXT "v=spf1 a:smtp.relay.example ~all"'],
    });
    expect(check(facts({ smtpHost: '203.0.113.7' }), 'spf:shop.example')?.copy).toEqual([
      'shop.example IN TXT "v=spf1 ip4:203.0.113.7 ~all"',
    ]);
    expect(check(facts(), 'dmarc:shop.example')).toMatchObject({
      status: 'warn',
      copy: ['_dmarc.shop.example IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@shop.example"'],
    });
  });

  it('is ok when SPF and DMARC are published', () => {
    const dns = { 'shop.example': ['v=spf1 a:smtp.relay.example ~all'], '_dmarc.shop.example': ['v=DMARC1; p=none'] };
    expect(check(facts({ dns }), 'spf:shop.example')?.status).toBe('ok');
    expect(check(facts({ dns }), 'dmarc:shop.example')?.status).toBe('ok');
  });

  it('accepts a From on the DKIM domain or a subdomain and warns about any other', () => {
    const senders = [
      { id: 'news', name: 'News', address: 'news@mail.shop.example', replyTo: null, builtIn: false },
      { id: 'partner', name: 'Partner', address: 'hi@partner.example', replyTo: null, builtIn: false },
      { id: 'lookalike', name: 'Look', address: 'hi@evilshop.example', replyTo: null, builtIn: false },
    ];
    expect(check(facts({ senders }), 'alignment:news')?.status).toBe('ok');
    expect(check(facts({ senders }), 'alignment:partner')?.status).toBe('warn');
    expect(check(facts({ senders }), 'alignment:lookalike')?.status).toBe('warn');
  });
});

describe('boomerang doctor: templates and rates', () => {
  it('fails a template without an unsubscribe link and warns about one without the postal address', () => {
    const templates = [
      { id: 'no-unsubscribe', source: '<mjml>{{ postalAddress }}</mjml>' },
      { id: 'no-address', source: '<mjml><a href="{{ unsubscribeUrl }}">Unsubscribe</a></mjml>' },
      { id: 'literal-address', source: '<mjml><a href="{{unsubscribeUrl}}">x</a> 1 Main St, Springfield</mjml>' },
    ];
    expect(check(facts({ templates }), 'template:no-unsubscribe')?.status).toBe('fail');
    expect(check(facts({ templates }), 'template:no-address')?.status).toBe('warn');
    expect(check(facts({ templates }), 'template:literal-address')?.status).toBe('ok');
  });

  it('judges complaint and hard-bounce rates against 0.1% and 0.3%', () => {
    const rate = (complaints: number) =>
      check(facts({ rates: { sent: 1000, hardBounces: 0, complaints } }), 'complaints');
    expect(rate(0)?.status).toBe('ok');
    expect(rate(1)?.status).toBe('warn'); // 0.1%
    expect(rate(1)?.message).toContain('0.10% (1 of 1000 sent in the last 7 days)');
    expect(rate(3)?.status).toBe('fail'); // 0.3%
    const bounces = check(facts({ rates: { sent: 2000, hardBounces: 7, complaints: 0 } }), 'hard-bounces');
    expect(bounces).toMatchObject({ status: 'fail' });
    expect(bounces?.message).toContain('0.35%');
  });

  it('says "no data" while bounces and complaints are not recorded', () => {
    const none = check(facts({ rates: { sent: 50, hardBounces: undefined, complaints: undefined } }), 'complaints');
    expect(none?.message).toContain('No data');
  });

  it('is ok overall only when every check is', () => {
    const dns = {
      'news._domainkey.shop.example': [`v=DKIM1; k=rsa; p=${publicKey}`],
      'shop.example': ['v=spf1 a:smtp.relay.example ~all'],
      '_dmarc.shop.example': ['v=DMARC1; p=quarantine'],
    };
    expect(doctorReport(facts({ dns })).status).toBe('ok');
    expect(doctorReport(facts()).status).toBe('warn');
    expect(doctorReport(facts({ dkim: undefined })).status).toBe('fail');
  });
});
