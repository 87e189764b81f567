import ipaddr from 'ipaddr.js';

// Which addresses a webhook may call. Journeys are drawn by marketers and plugins call URLs from their
// config, so a webhook URL must not become a way into the machine or its network (the cloud metadata
// service, the database, the Temporal frontend). Only public unicast addresses are called, unless the
// operator lists a host, address or CIDR range in WEBHOOK_ALLOW. Address ranges come from ipaddr.js.

/** The parsed WEBHOOK_ALLOW list: host names and address ranges a webhook may call although they are not public. */
export interface WebhookAllowList {
  hosts: ReadonlySet<string>;
  ranges: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

/** The entries of WEBHOOK_ALLOW that are not a host name, an IP address or a CIDR range (empty when all are good). */
export function badWebhookAllowEntries(text: string): string[] {
  return entries(text).filter((entry) => parseEntry(entry) === undefined);
}

/** Parses WEBHOOK_ALLOW (comma separated hosts, IPs or CIDRs); entries that are none of these are ignored (the config check reports them). */
export function parseWebhookAllow(text: string | undefined): WebhookAllowList {
  const hosts = new Set<string>();
  const ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  for (const entry of entries(text ?? '')) {
    const parsed = parseEntry(entry);
    if (typeof parsed === 'string') hosts.add(parsed);
    else if (parsed) ranges.push(parsed);
  }
  return { hosts, ranges };
}

const entries = (text: string) =>
  text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
const hostName = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

function parseEntry(entry: string): string | [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  const bare = entry.replace(/^\[(.*)\]$/, '$1');
  if (bare.includes('/')) {
    try {
      const [address, bits] = ipaddr.parseCIDR(bare);
      return [normal(address), address.kind() === 'ipv6' && normal(address).kind() === 'ipv4' ? bits - 96 : bits];
    } catch {
      return undefined;
    }
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(bare) || ipaddr.IPv6.isValid(bare)) {
    const address = normal(ipaddr.parse(bare));
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  }
  return hostName.test(bare) ? bare.toLowerCase().replace(/\.$/, '') : undefined;
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
const normal = (address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 =>
  address instanceof ipaddr.IPv6 && address.isIPv4MappedAddress() ? address.toIPv4Address() : address;

function within(ip: ipaddr.IPv4 | ipaddr.IPv6, [base, bits]: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  if (ip instanceof ipaddr.IPv4 && base instanceof ipaddr.IPv4) return ip.match(base, bits);
  if (ip instanceof ipaddr.IPv6 && base instanceof ipaddr.IPv6) return ip.match(base, bits);
  return false;
}

const rangeNames: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (this includes cloud metadata services)',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private (RFC 1918) address',
  uniqueLocal: 'a unique local (ULA) address',
  reserved: 'a reserved address',
};

/**
 * Why a webhook to `host`, which resolved to `address`, is refused, or null when it may be called:
 * `address` is public unicast, or the host or address is in the allow list.
 */
export function webhookRefusal(host: string, address: string, allow: WebhookAllowList): string | null {
  if (!ipaddr.isValid(address)) return `${host} resolved to "${address}", which is not an IP address`;
  const ip = normal(ipaddr.parse(address));
  const range = ip.range();
  if (range === 'unicast') return null;
  if (allow.hosts.has(host.toLowerCase().replace(/\.$/, ''))) return null;
  if (allow.ranges.some((range) => within(ip, range))) return null;
  const what = rangeNames[range] ?? `a special-purpose address (${range})`;
  const where = host === address ? address : `${host} resolves to ${ip.toString()}`;
  return `${where}, ${what}; webhooks only call public addresses unless the host or address is listed in WEBHOOK_ALLOW`;
}
