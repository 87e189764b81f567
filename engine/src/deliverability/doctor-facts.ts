import { Resolver } from 'node:dns/promises';
import type { Database } from '../db/index.ts';
import { dkimPublicKey, type DkimSigning, type TemplateStore } from '../email/index.ts';
import { dnsNamesFor, type DoctorFacts } from './doctor.ts';
import { recentRates } from './rates.ts';
import { allSenders } from './senders.ts';

/** Reads the TXT records at a name, each joined from its strings; undefined when there are none or DNS did not answer. */
export type TxtLookup = (name: string) => Promise<string[] | undefined>;

/** TXT look-ups through the system's resolver, giving up after 3 seconds (the doctor must answer offline too). */
export function systemTxtLookup(): TxtLookup {
  const resolver = new Resolver({ timeout: 3000, tries: 1 });
  return (name) =>
    resolver.resolveTxt(name).then(
      (records) => records.map((strings) => strings.join('')),
      () => undefined,
    );
}

/** What the doctor needs from the configuration. */
export interface DoctorSettings {
  dkim: DkimSigning | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  postalAddress: string | undefined;
}

/** Gathers the doctor's facts: the key, senders, templates, DNS answers and the last 7 days' rates. */
export async function gatherDoctorFacts(
  deps: { db: Database; templates: TemplateStore; settings: DoctorSettings; lookupTxt?: TxtLookup },
  now = new Date(),
): Promise<DoctorFacts> {
  const { settings } = deps;
  const dkim = settings.dkim
    ? {
        domain: settings.dkim.domain,
        selector: settings.dkim.selector,
        publicKey: dkimPublicKey(settings.dkim.privateKey),
      }
    : undefined;
  const senders = await allSenders(deps.db, settings.mailFrom);
  const listed = await deps.templates.list();
  const templates = (await Promise.all(listed.map((t) => deps.templates.get(t.id)))).flatMap((t) =>
    t ? [{ id: t.id, source: t.source }] : [],
  );
  const lookup = deps.lookupTxt ?? systemTxtLookup();
  const names = dnsNamesFor({ dkim, senders });
  const answers = await Promise.all(names.map(async (name) => [name, await lookup(name)] as const));
  return {
    dkim,
    smtpHost: settings.smtpUrl ? new URL(settings.smtpUrl).hostname : undefined,
    senders,
    templates,
    postalAddress: settings.postalAddress,
    dns: Object.fromEntries(answers),
    rates: await recentRates(deps.db, now),
  };
}
