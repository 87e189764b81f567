// Secrets in the configuration are never printed: not in start-up output, not in configuration errors.

/** Variables whose whole value is a secret. */
const SECRET_VARIABLES = new Set([
  'WRITE_KEY',
  'ADMIN_TOKEN',
  'LINK_SECRET',
  'WEBHOOK_SECRET',
  'MAILGUN_WEBHOOK_SIGNING_KEY',
  'POSTMARK_WEBHOOK_AUTH',
  'TEMPORAL_API_KEY',
  'DKIM_PRIVATE_KEY',
  'METRICS_TOKEN',
  'BOUNCE_IMAP_PASSWORD',
]);
/** The fields of the resolved configuration (and of request bodies and headers) that hold those secrets. */
const SECRET_FIELDS = [
  'writeKey',
  'adminToken',
  'linkSecret',
  'webhookSecret',
  'metricsToken',
  'mailgunSigningKey',
  'postmarkAuth',
  'apiKey',
  'privateKey',
  'token',
  'password',
];

/** Every name a secret goes by, as an environment variable or a field: what logs must never show. */
export function secretNames(): string[] {
  return [...SECRET_VARIABLES, ...SECRET_FIELDS];
}

/** Variables that are URLs which may carry a password (`scheme://user:password@host`). */
const URL_VARIABLES = new Set(['DATABASE_URL', 'SMTP_URL', 'BOUNCE_IMAP_URL']);

/** `value` of variable `name` as it may appear in a message: secrets replaced by a description, URL passwords by `****`. */
export function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'nothing';
  if (SECRET_VARIABLES.has(name)) return `a secret of ${value.length} characters (not shown)`;
  if (URL_VARIABLES.has(name)) return JSON.stringify(value.replace(/^([^:/?#]*:\/\/[^:/?#@]*):[^/?#]*@/, '$1:****@'));
  return JSON.stringify(value);
}

/** Where each key comes from, for the start-up output: the keys file or the environment, never the value. */
export function keyLocations(config: {
  keysFile: string;
  keysFromEnvironment: ReadonlySet<string>;
  dkim?: { signing: { domain: string; selector: string }; from: string } | undefined;
}): string[] {
  const where = (variable: string, field: string) =>
    config.keysFromEnvironment.has(variable) ? `from ${variable}` : `in ${config.keysFile} ("${field}")`;
  return [
    `Write key (ingest):   ${where('WRITE_KEY', 'writeKey')}`,
    `Admin token (API):    ${where('ADMIN_TOKEN', 'adminToken')}`,
    `Link secret:          ${where('LINK_SECRET', 'linkSecret')}`,
    `Webhook secret:       ${config.keysFromEnvironment.has('WEBHOOK_SECRET') ? 'from WEBHOOK_SECRET' : 'derived from the link secret (set WEBHOOK_SECRET to choose it)'}`,
    `DKIM key:             ${config.dkim ? `${config.dkim.from}, signing as ${config.dkim.signing.selector}._domainkey.${config.dkim.signing.domain}` : 'none (mail is not signed; see boomerang dkim generate)'}`,
  ];
}
