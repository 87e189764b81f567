import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { linkKeyring } from '../email/index.ts';
import { DEFAULT_TASK_QUEUE } from '../temporal/contract.ts';
import { badWebhookAllowEntries } from '../nodes/index.ts';
import { installPaths, type InstallPaths } from '../install/index.ts';
import { shownValue } from './secrets.ts';
import { temporalAuthFrom, temporalAuthProblems, type TemporalAuth } from './temporal-auth.ts';
import { dkimFromEnvironment, type DkimSource } from './dkim.ts';
import { WorkerTuningEnvironment, workerTuningFrom, type WorkerTuning } from './worker-tuning.ts';
import { LogLevel } from '../observability/index.ts';
import { BounceMailboxVariables, bounceMailboxFrom, isSendgridKey, type BounceMailbox } from './bounce-mailbox.ts';

export { keyLocations, secretNames, shownValue } from './secrets.ts';
export type { TemporalAuth } from './temporal-auth.ts';
export type { WorkerTuning } from './worker-tuning.ts';
export { installPaths, type InstallPaths } from '../install/index.ts';

const port = z.coerce.number().int().min(0).max(65535);

/** The environment Boomerang reads at start-up (see the configuration table in README.md). */
export const Environment = z
  .object({
    PORT: port.default(3000),
    HOST: z
      .string()
      .regex(/^[^\s/]+$/, 'must be an interface address or host name, e.g. 127.0.0.1 or 0.0.0.0')
      .default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('.data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'must be host:port')
      .optional(),
    TEMPORAL_DEV_PORT: port.default(7233),
    TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
    TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
    TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
    TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
    SMTP_SINK_PORT: port.default(2525),
    MAIL_FROM: z.string().min(3).default('Boomerang <hello@localhost>'),
    DKIM_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name, e.g. example.com')
      .optional(),
    DKIM_SELECTOR: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'must be a DNS label such as boomerang or mail2026')
      .optional(),
    DKIM_PRIVATE_KEY: z.string().min(1).optional(),
    DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    POSTAL_ADDRESS: z.string().min(5, 'write the full postal address shown in marketing emails').optional(),
    PUBLIC_URL: z.url().optional(),
    WRITE_KEY: z.string().min(8, 'use at least 8 characters').optional(),
    ADMIN_TOKEN: z.string().min(8, 'use at least 8 characters').optional(),
    LINK_SECRET: z
      .string()
      .refine(
        (s) => s.split(',').every((k) => k.trim().length >= 32),
        'use at least 32 characters per secret (several secrets: comma separated, newest first)',
      )
      .optional(),
    BOOMERANG_PLUGINS: z
      .string()
      .regex(/^\s*[^,\s][^,]*(,\s*[^,\s][^,]*)*$/, 'a comma-separated list of plugin module paths or npm package names')
      .optional(),
    WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
    WEBHOOK_ALLOW: z
      .string()
      .superRefine((s, ctx) => {
        const bad = badWebhookAllowEntries(s);
        if (bad.length)
          ctx.addIssue({ code: 'custom', message: `not a host name, IP address or CIDR range: ${bad.join(', ')}` });
      })
      .optional(),
    BOUNCE_DOMAIN: z
      .string()
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/i,
        'must be a domain name, e.g. bounces.example.com',
      )
      .optional(),
    BOUNCE_SMTP_PORT: port.optional(),
    MAILGUN_WEBHOOK_SIGNING_KEY: z.string().min(16, 'use the HTTP webhook signing key from Mailgun').optional(),
    POSTMARK_WEBHOOK_AUTH: z
      .string()
      .regex(/^[^:]+:.{12,}$/, 'user:password, the password at least 12 characters')
      .optional(),
    SES_SNS_TOPIC_ARN: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/,
        'an SNS topic ARN, e.g. arn:aws:sns:us-east-1:123456789012:ses-bounces',
      )
      .optional(),
    SENDGRID_WEBHOOK_PUBLIC_KEY: z
      .string()
      .refine(isSendgridKey, "the Signed Event Webhook's verification key from SendGrid's Mail Settings (base64)")
      .optional(),
    ...BounceMailboxVariables.shape,
    SOFT_BOUNCE_LIMIT: z.coerce.number().int().min(1).max(1000).default(3),
    SOFT_BOUNCE_DAYS: z.coerce.number().min(0.01).max(3650).default(7),
    TRACKING: z.enum(['on', 'off']).default('on'),
    TRACKING_SCANNER_SECONDS: z.coerce.number().min(0).max(3600).default(5),
    BROADCAST_SENDS_IN_FLIGHT: z.coerce.number().int().min(1).max(200).default(16),
    DATE_CHECK_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    HISTORICAL_AFTER_DAYS: z.coerce.number().min(0.01).max(3650).default(7),
    BOOMERANG_ROLES: z
      .string()
      .regex(/^(api|worker|router)(,(api|worker|router))*$/, 'a comma-separated list of api, worker, router')
      .default('api,worker,router'),
    LOG_LEVEL: z
      .string()
      .transform((s) => s.trim().toLowerCase())
      .pipe(LogLevel)
      .default('info'),
    METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
    TEMPORAL_METRICS_PORT: port.optional(),
    METRICS_PORT: port.optional(),
  })
  .extend(WorkerTuningEnvironment.shape);
export type Environment = z.infer<typeof Environment>;

/** Resolved configuration: the environment plus the keys generated once into DATA_DIR. */
export interface Config {
  port: number;
  /** The interface the HTTP server binds (HOST). */
  host: string;
  dataDir: string;
  /** Where the generated keys are kept (DATA_DIR/keys.json). */
  keysFile: string;
  /** The key variables set in the environment (they win over the keys file). */
  keysFromEnvironment: ReadonlySet<'WRITE_KEY' | 'ADMIN_TOKEN' | 'LINK_SECRET' | 'WEBHOOK_SECRET'>;
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalDevPort: number;
  temporalNamespace: string;
  /** How to reach TEMPORAL_ADDRESS: TLS (client certificate for mTLS) and/or an API key, e.g. for Temporal Cloud. */
  temporalAuth: TemporalAuth;
  smtpUrl: string | undefined;
  smtpSinkPort: number;
  mailFrom: string;
  /** DKIM signing of every message (DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY(_FILE)); the key is never printed. */
  dkim: DkimSource | undefined;
  /** The sender's postal address marketing emails must show (POSTAL_ADDRESS). */
  postalAddress: string | undefined;
  publicUrl: string;
  writeKey: string;
  adminToken: string;
  /** The keys signing customer links (LINK_SECRET: one or more secrets, comma separated, newest first); never printed. */
  linkSecret: string;
  roles: ReadonlySet<'api' | 'worker' | 'router'>;
  taskQueue: string;
  /** Plugin modules from BOOMERANG_PLUGINS (paths or package names); boomerang.config.ts may add more. */
  plugins: string[];
  /** Signs outgoing webhooks (HMAC-SHA256); derived from the oldest link secret (so adding a new one keeps it) unless WEBHOOK_SECRET is set. */
  webhookSecret: string;
  /** BOUNCE_DOMAIN: envelope senders become `bounce+<signed id>@` there (VERP), and the bounce listener takes mail for it. */
  bounceDomain: string | undefined;
  /** BOUNCE_SMTP_PORT: the inbound SMTP listener for DSN and ARF reports (on HOST); off when unset. */
  bounceSmtpPort: number | undefined;
  /** Soft bounces suppress an address after SOFT_BOUNCE_LIMIT of them within SOFT_BOUNCE_DAYS days. */
  softBounceLimit: number;
  softBounceDays: number;
  /** Open and click tracking (TRACKING=on|off); clicks within TRACKING_SCANNER_SECONDS of the send count as a link scanner's. */
  tracking: { enabled: boolean; scannerSeconds: number };
  /** BROADCAST_SENDS_IN_FLIGHT: a broadcast batch's emails handed to SMTP at once (at most that many are in doubt after a crash). */
  broadcastSendsInFlight: number;
  /** ESP webhook keys (MAILGUN_WEBHOOK_SIGNING_KEY, POSTMARK_WEBHOOK_AUTH, SES_SNS_TOPIC_ARN, SENDGRID_WEBHOOK_PUBLIC_KEY); never printed. */
  espWebhooks: {
    mailgunSigningKey?: string | undefined;
    postmarkAuth?: string | undefined;
    sesTopicArn?: string | undefined;
    sendgridPublicKey?: string | undefined;
  };
  /** The IMAP mailbox Boomerang reads DSN and ARF reports from (BOUNCE_IMAP_*); off when unset. */
  bounceMailbox: BounceMailbox | undefined;
  /** How often the router checks date triggers (date-property) for every customer. */
  dateCheckMinutes: number;
  /** Events whose timestamp is older than this many days (and everything sent to /v1/import) are stored for the metrics but start and advance no journey. */
  historicalAfterDays: number;
  /** LOG_LEVEL: the least severe level of the JSON log lines (default info). */
  logLevel: LogLevel;
  /** METRICS_TOKEN: a token that may read /metrics only (the admin token may too); never printed. */
  metricsToken: string | undefined;
  /** TEMPORAL_METRICS_PORT: where the worker's Temporal SDK serves its own Prometheus metrics (on HOST); off when unset. */
  temporalMetricsPort: number | undefined;
  /** METRICS_PORT: a listener of its own (on HOST) serving /metrics, for worker and router processes that have no API; off when unset. */
  metricsPort: number | undefined;
  /** WORKER_*: the worker's task slots, sticky cache and pollers (unset: the SDK's defaults). */
  workerTuning: WorkerTuning;
  /** Where Boomerang's own files are (editor build, starter library, workflow code, cached binaries). */
  paths: InstallPaths;
}

/** A start-up configuration problem, naming the variable. */
export class ConfigError extends Error {}

interface Keys {
  writeKey: string;
  adminToken: string;
  linkSecret: string;
}

function loadOrCreateKeys(file: string): Keys {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Keys;
  const keys: Keys = {
    writeKey: `wk_${randomBytes(16).toString('hex')}`,
    adminToken: `adm_${randomBytes(16).toString('hex')}`,
    linkSecret: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}

/** Parses the environment with zod; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}: ${i.message} (got ${shownValue(String(i.path[0]), env[String(i.path[0])])})`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const authProblems = temporalAuthProblems(e);
  if (authProblems.length)
    throw new ConfigError(`Invalid configuration:\n${authProblems.map((p) => `  ${p}`).join('\n')}`);
  if (e.BOUNCE_SMTP_PORT !== undefined && !e.BOUNCE_DOMAIN)
    throw new ConfigError(
      'Invalid configuration:\n  BOUNCE_SMTP_PORT: the bounce listener takes mail for BOUNCE_DOMAIN only; set BOUNCE_DOMAIN too',
    );
  const mailbox = bounceMailboxFrom(e);
  if (mailbox.problems.length) throw new ConfigError(`Invalid configuration:\n${mailbox.problems.join('\n')}`);
  const dkim = dkimFromEnvironment(e);
  if (dkim.problems.length) throw new ConfigError(`Invalid configuration:\n${dkim.problems.join('\n')}`);
  const dataDir = resolve(e.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const keysFile = join(dataDir, 'keys.json');
  const keys = loadOrCreateKeys(keysFile);
  const linkSecret = e.LINK_SECRET ?? keys.linkSecret;
  const oldestLinkKey = linkKeyring(linkSecret).at(-1)?.secret ?? linkSecret;
  const keyVariables = ['WRITE_KEY', 'ADMIN_TOKEN', 'LINK_SECRET', 'WEBHOOK_SECRET'] as const;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    keysFile,
    keysFromEnvironment: new Set(keyVariables.filter((v) => e[v] !== undefined)),
    databaseUrl: e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalDevPort: e.TEMPORAL_DEV_PORT,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    temporalAuth: temporalAuthFrom(e),
    smtpUrl: e.SMTP_URL,
    smtpSinkPort: e.SMTP_SINK_PORT,
    mailFrom: e.MAIL_FROM,
    dkim: dkim.source,
    postalAddress: e.POSTAL_ADDRESS,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    writeKey: e.WRITE_KEY ?? keys.writeKey,
    adminToken: e.ADMIN_TOKEN ?? keys.adminToken,
    linkSecret,
    roles: new Set(e.BOOMERANG_ROLES.split(',') as Array<'api' | 'worker' | 'router'>),
    taskQueue: DEFAULT_TASK_QUEUE,
    plugins: (e.BOOMERANG_PLUGINS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    webhookSecret: e.WEBHOOK_SECRET ?? createHmac('sha256', oldestLinkKey).update('webhook-signing').digest('hex'),
    bounceDomain: e.BOUNCE_DOMAIN?.toLowerCase(),
    bounceSmtpPort: e.BOUNCE_SMTP_PORT,
    softBounceLimit: e.SOFT_BOUNCE_LIMIT,
    softBounceDays: e.SOFT_BOUNCE_DAYS,
    tracking: { enabled: e.TRACKING === 'on', scannerSeconds: e.TRACKING_SCANNER_SECONDS },
    broadcastSendsInFlight: e.BROADCAST_SENDS_IN_FLIGHT,
    espWebhooks: {
      mailgunSigningKey: e.MAILGUN_WEBHOOK_SIGNING_KEY,
      postmarkAuth: e.POSTMARK_WEBHOOK_AUTH,
      sesTopicArn: e.SES_SNS_TOPIC_ARN,
      sendgridPublicKey: e.SENDGRID_WEBHOOK_PUBLIC_KEY,
    },
    bounceMailbox: mailbox.value,
    dateCheckMinutes: e.DATE_CHECK_MINUTES,
    historicalAfterDays: e.HISTORICAL_AFTER_DAYS,
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    temporalMetricsPort: e.TEMPORAL_METRICS_PORT,
    metricsPort: e.METRICS_PORT,
    workerTuning: workerTuningFrom(e),
    paths: installPaths(),
  };
}
