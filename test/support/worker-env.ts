import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActivities, type ActionServices } from '../../engine/src/activities/index.ts';
import { openMailbox, listMail, migrate, openDatabase, type Database } from '../../engine/src/db/index.ts';
import {
  createMailer,
  createRenderer,
  FileTemplateStore,
  startSmtpSink,
  type Mailer,
} from '../../engine/src/email/index.ts';
import { defaultRegistry, type NodeRegistry } from '../../engine/src/nodes/index.ts';

/** The real parts activities need (PGlite in a temp dir, the SMTP sink over TCP), without Temporal. */
export interface ActivityWorld {
  db: Database;
  mailer: Mailer;
  activities: ReturnType<typeof createActivities>;
  /** What action nodes run with, for running one node's activity directly. */
  services: ActionServices;
  mailTo(address: string): Promise<Array<{ subject: string | null }>>;
  close(): Promise<void>;
}

/**
 * Opens a fresh database and SMTP sink and builds the real activities over them (built-in nodes unless a
 * registry is given). `webhookAllow` sets WEBHOOK_ALLOW for this test file's process, as an operator sets
 * it for a worker (test receivers listen on 127.0.0.1, which webhooks refuse otherwise).
 */
export async function activityWorld(
  opts: { registry?: NodeRegistry; webhookSecret?: string; webhookAllow?: string } = {},
): Promise<ActivityWorld> {
  if (opts.webhookAllow !== undefined) process.env.WEBHOOK_ALLOW = opts.webhookAllow;
  const db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'boomerang-activities-')) });
  await migrate(db);
  const sink = await startSmtpSink({
    port: 0,
    onRawMessage: openMailbox(db).keep,
  });
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${sink.port}`, from: 'Test <test@localhost>' });
  const services: ActionServices = {
    db,
    renderer: createRenderer({ store: new FileTemplateStore() }),
    mailer,
    publicUrl: 'http://localhost:3000',
    linkSecret: 'test-secret',
    webhookSecret: opts.webhookSecret ?? 'test-webhook-secret',
  };
  const activities = createActivities({ ...services, registry: opts.registry ?? defaultRegistry() });
  return {
    db,
    mailer,
    activities,
    services,
    mailTo: (address) => listMail(db, { to: address, limit: 100 }),
    async close() {
      await mailer.close();
      await sink.close();
      await db.close();
    },
  };
}
