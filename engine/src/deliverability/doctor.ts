import type { CheckStatus, DoctorCheck, DoctorReport, SenderShape } from './shapes.ts';
import { dkimRecord, txtStrings } from '../email/dkim-record.ts';

// The checks of `boomerang doctor`, as a pure function of what was found: keys, DNS answers, senders,
// templates and the last 7 days' rates. Each check says what to do in one sentence.

/** What the doctor looks at; `dns` holds the TXT answers found (undefined: not published or not reachable). */
export interface DoctorFacts {
  dkim: { domain: string; selector: string; publicKey: string } | undefined;
  /** The SMTP relay's host (SMTP_URL), undefined when mail goes to the built-in sink. */
  smtpHost: string | undefined;
  senders: SenderShape[];
  templates: Array<{ id: string; source: string }>;
  postalAddress: string | undefined;
  /** TXT records by name, each joined from its strings. */
  dns: Record<string, string[] | undefined>;
  /** Sends and, where known, hard bounces and complaints over the last 7 days. */
  rates: { sent: number; hardBounces: number | undefined; complaints: number | undefined };
}

/** The complaint and bounce lines: under 0.1% is healthy, 0.3% is where Gmail and Yahoo start refusing mail. */
export const RATE_WARN = 0.001;
export const RATE_FAIL = 0.003;

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** The domains the DNS checks read for `facts` (the DKIM record, SPF and DMARC of each From domain). */
export function dnsNamesFor(facts: Pick<DoctorFacts, 'dkim' | 'senders'>): string[] {
  const domains = fromDomains(facts);
  return [
    ...(facts.dkim ? [`${facts.dkim.selector}._domainkey.${facts.dkim.domain}`] : []),
    ...domains,
    ...domains.map((d) => `_dmarc.${d}`),
  ];
}

/** The domains mail is sent from: the DKIM domain and every sender's, once each. */
function fromDomains(facts: Pick<DoctorFacts, 'dkim' | 'senders'>): string[] {
  return [...new Set([...(facts.dkim ? [facts.dkim.domain] : []), ...facts.senders.map((s) => domainOf(s.address))])];
}

function dkimCheck(facts: DoctorFacts): DoctorCheck {
  const title = 'DKIM signing key';
  if (!facts.dkim)
    return {
      id: 'dkim',
      title,
      status: 'fail',
      message:
        'Mail is not DKIM-signed, which Gmail and Yahoo require of bulk senders: run `boomerang dkim generate --domain <your domain>`, publish the record it prints and set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE.',
      copy: [],
    };
  const record = dkimRecord(facts.dkim.selector, facts.dkim.domain, facts.dkim.publicKey);
  const published = facts.dns[record.name];
  const copy = [record.zoneLine];
  const found = published?.find((r) => r.replace(/\s/g, '').includes('v=DKIM1'));
  if (found === undefined)
    return {
      id: 'dkim',
      title,
      status: 'warn',
      message: `Mail is signed as ${record.name}, but no DKIM record was found there: publish this TXT record.`,
      copy,
    };
  const publishedKey = /(?:^|;)\s*p=([^;]*)/.exec(found)?.[1]?.replace(/\s/g, '');
  if (publishedKey !== facts.dkim.publicKey)
    return {
      id: 'dkim',
      title,
      status: 'fail',
      message: `The key published at ${record.name} is not the key Boomerang signs with, so every signature fails: publish this record instead (or point DKIM_PRIVATE_KEY_FILE at the matching key).`,
      copy,
    };
  return {
    id: 'dkim',
    title,
    status: 'ok',
    message: `Mail is signed as ${record.name} and the published key matches.`,
    copy,
  };
}

function spfChecks(facts: DoctorFacts): DoctorCheck[] {
  const mechanism = facts.smtpHost
    ? /^\d+\.\d+\.\d+\.\d+$/.test(facts.smtpHost)
      ? `ip4:${facts.smtpHost}`
      : `a:${facts.smtpHost}`
    : 'include:<your mail provider>';
  return fromDomains(facts).map((domain) => {
    const found = facts.dns[domain]?.find((r) => r.startsWith('v=spf1'));
    const suggestion = `v=spf1 ${mechanism} ~all`;
    return {
      id: `spf:${domain}`,
      title: `SPF for ${domain}`,
      status: found ? 'ok' : 'warn',
      message: found
        ? `${domain} publishes an SPF record (${found}); make sure it names the server that sends for Boomerang${facts.smtpHost ? ` (${facts.smtpHost})` : ''}.`
        : `No SPF record was found for ${domain}: publish a TXT record at ${domain}${facts.smtpHost ? '' : ' naming the server that relays your mail'}.`,
      copy: found ? [] : [`${domain} IN TXT ${txtStrings(suggestion).join(' ')}`],
    };
  });
}

function dmarcChecks(facts: DoctorFacts): DoctorCheck[] {
  return fromDomains(facts).map((domain) => {
    const found = facts.dns[`_dmarc.${domain}`]?.find((r) => r.startsWith('v=DMARC1'));
    const suggestion = `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}`;
    return {
      id: `dmarc:${domain}`,
      title: `DMARC for ${domain}`,
      status: found ? 'ok' : 'warn',
      message: found
        ? `${domain} publishes a DMARC policy (${found}).`
        : `No DMARC record was found at _dmarc.${domain}, which Gmail and Yahoo require of bulk senders: publish this one (p=none only collects reports; tighten it later).`,
      copy: found ? [] : [`_dmarc.${domain} IN TXT ${txtStrings(suggestion).join(' ')}`],
    };
  });
}

function alignmentChecks(facts: DoctorFacts): DoctorCheck[] {
  return facts.senders.map((sender) => {
    const domain = domainOf(sender.address);
    const dkim = facts.dkim?.domain.toLowerCase();
    const aligned = dkim !== undefined && (domain === dkim || domain.endsWith(`.${dkim}`));
    return {
      id: `alignment:${sender.id}`,
      title: `From domain of sender "${sender.id}"`,
      status: aligned ? 'ok' : 'warn',
      message: aligned
        ? `${sender.address} is aligned with the DKIM domain ${dkim}.`
        : dkim
          ? `${sender.address} is not on ${dkim} or a subdomain of it, so DMARC cannot pass on its DKIM signature: send from an address at ${dkim}, or sign with a key of ${domain}.`
          : `${sender.address} cannot be aligned while mail is not DKIM-signed: set up DKIM for ${domain}.`,
      copy: [],
    };
  });
}

const UNSUBSCRIBE_LINK = /href\s*=\s*["']\s*\{\{\s*unsubscribeUrl\s*\}\}/;
const POSTAL_VARIABLE = /\{\{\s*postalAddress\b/;

function templateChecks(facts: DoctorFacts): DoctorCheck[] {
  return facts.templates.map(({ id, source }) => {
    const unsubscribe = UNSUBSCRIBE_LINK.test(source);
    const postal =
      POSTAL_VARIABLE.test(source) || (facts.postalAddress !== undefined && source.includes(facts.postalAddress));
    const missing = [
      ...(unsubscribe ? [] : ['a visible unsubscribe link (<a href="{{ unsubscribeUrl }}">Unsubscribe</a>)']),
      ...(postal ? [] : ['your postal address ({{ postalAddress }}, set by POSTAL_ADDRESS)']),
    ];
    return {
      id: `template:${id}`,
      title: `Template "${id}"`,
      status: !unsubscribe ? 'fail' : !postal ? 'warn' : 'ok',
      message: missing.length
        ? `Add ${missing.join(' and ')} to the footer; marketing email must have both (CAN-SPAM, Gmail's sender rules).`
        : 'Has a visible unsubscribe link and the postal address.',
      copy: [],
    };
  });
}

const percent = (rate: number) => `${(rate * 100).toFixed(2)}%`;

function rateCheck(id: string, title: string, count: number | undefined, sent: number): DoctorCheck {
  if (count === undefined || sent === 0)
    return {
      id,
      title,
      // Not knowing is worth a look; having sent nothing is not.
      status: count === undefined ? 'warn' : 'ok',
      message:
        count === undefined
          ? 'No data: bounces and complaints are not recorded yet.'
          : 'No data: nothing was sent in the last 7 days.',
      copy: [],
    };
  const rate = count / sent;
  const status: CheckStatus = rate >= RATE_FAIL ? 'fail' : rate >= RATE_WARN ? 'warn' : 'ok';
  const line = `${percent(rate)} (${count} of ${sent} sent in the last 7 days)`;
  return {
    id,
    title,
    status,
    message:
      status === 'ok'
        ? `${line}, under the 0.1% line.`
        : `${line}, over the ${status === 'fail' ? '0.3% line where mailbox providers start refusing mail' : '0.1% line'}: pause the journeys with the most and mail only customers who engaged recently.`,
    copy: [],
  };
}

/** The worst of the statuses (fail over warn over ok). */
export function worstOf(statuses: CheckStatus[]): CheckStatus {
  return statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'ok';
}

/** Every deliverability check for `facts`, in the order a sender fixes them. */
export function doctorReport(facts: DoctorFacts): DoctorReport {
  const checks = [
    dkimCheck(facts),
    ...spfChecks(facts),
    ...dmarcChecks(facts),
    ...alignmentChecks(facts),
    ...templateChecks(facts),
    rateCheck('complaints', 'Complaint rate (7 days)', facts.rates.complaints, facts.rates.sent),
    rateCheck('hard-bounces', 'Hard-bounce rate (7 days)', facts.rates.hardBounces, facts.rates.sent),
  ];
  return { status: worstOf(checks.map((c) => c.status)), checks };
}
