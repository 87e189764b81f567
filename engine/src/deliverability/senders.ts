import addressparser from 'nodemailer/lib/addressparser/index.js';
import { z } from 'zod';
import { findSender, findVersion, listSenders, type Queryable } from '../db/index.ts';
import type { SenderShape } from './shapes.ts';

/** The one part of a published journey the sender choice reads. */
const JourneySettingsOnly = z.object({ settings: z.object({ sender: z.string().optional() }).optional() });

/** The id of the sender made from MAIL_FROM, which every journey uses unless it names another. */
export const DEFAULT_SENDER_ID = 'default';

/** The default sender identity, read from MAIL_FROM (`Name <address>` or a bare address). */
export function defaultSender(mailFrom: string): SenderShape {
  const [first] = addressparser(mailFrom, { flatten: true });
  return {
    id: DEFAULT_SENDER_ID,
    name: first?.name ?? '',
    address: first?.address ?? mailFrom,
    replyTo: null,
    builtIn: true,
  };
}

/** Every sender identity: the default first, then the stored ones by id. */
export async function allSenders(db: Queryable, mailFrom: string): Promise<SenderShape[]> {
  const stored = await listSenders(db);
  return [defaultSender(mailFrom), ...stored.map((s) => ({ ...s, builtIn: false }))];
}

/** What a message is sent as: the From name and address and the reply-to, or undefined for the mailer's default. */
export interface SendingIdentity {
  from: { name: string; address: string };
  replyTo: string | undefined;
}

/**
 * The identity for sender `id` (undefined or "default": the mailer's default From). A sender deleted
 * after a journey was published also falls back to the default, so its customers still get their email.
 */
export async function sendingIdentity(db: Queryable, id: string | undefined): Promise<SendingIdentity | undefined> {
  if (id === undefined || id === DEFAULT_SENDER_ID) return undefined;
  const sender = await findSender(db, id);
  if (!sender) {
    console.warn(`[send-email] sender "${id}" no longer exists; sending as the default sender (MAIL_FROM)`);
    return undefined;
  }
  return { from: { name: sender.name, address: sender.address }, replyTo: sender.replyTo ?? undefined };
}

/** The ids journeys may name: the default and every stored sender. */
export async function knownSenderIds(db: Queryable): Promise<Set<string>> {
  return new Set([DEFAULT_SENDER_ID, ...(await listSenders(db)).map((s) => s.id)]);
}

/**
 * The sender id an email step goes out as: the step's own, else its journey version's (settings.sender),
 * else undefined (the default). The version is read as published, so a later draft changes nothing in flight.
 */
export async function senderIdFor(
  db: Queryable,
  step: { journeyId: string; version: number; sender: string | undefined },
): Promise<string | undefined> {
  if (step.sender !== undefined) return step.sender;
  const published = await findVersion(db, step.journeyId, step.version);
  const parsed = JourneySettingsOnly.safeParse(published?.graph);
  return parsed.success ? parsed.data.settings?.sender : undefined;
}
