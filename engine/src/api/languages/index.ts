import { en, type Messages } from './en.ts';
import { nl } from './nl.ts';
import { pl } from './pl.ts';

// The customer-facing pages speak English, Dutch or Polish. Plain catalogues (one file per language,
// each checked against the English one's type): the pages have no plurals or numbers to format.

export type { Messages } from './en.ts';

const catalogues = new Map<string, Messages>([
  ['en', en],
  ['nl', nl],
  ['pl', pl],
]);

/**
 * The catalogue for a customer's `locale` trait: its language part (`nl`, `nl-NL`, `pl_PL`) when it is
 * one the pages speak, else English.
 * @example messagesFor({ locale: 'nl-BE' }).save // 'Opslaan'
 */
export function messagesFor(traits: Record<string, unknown> | undefined): Messages {
  const locale = traits?.['locale'];
  const language = typeof locale === 'string' ? locale.trim().toLowerCase().split(/[-_]/)[0] : undefined;
  return (language === undefined ? undefined : catalogues.get(language)) ?? en;
}
