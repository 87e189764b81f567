import type { Draw } from './random.ts';

/** Who a demo customer is: the identify traits that do not change. */
export interface Profile {
  firstName: string;
  lastName: string;
  country: string;
  locale: string;
  timezone: string;
  /** The currency the customer pays in: EUR in the euro area, USD elsewhere. */
  currency: 'USD' | 'EUR';
}

const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Dennis',
  'Frances',
  'Edsger',
  'Radia',
  'Tim',
  'Hedy',
  'Donald',
  'Katherine',
  'John',
  'Sophie',
  'Lukas',
  'Chloé',
  'Mateo',
  'Emma',
  'Noah',
  'Zoë',
  'Jürgen',
  'Lucía',
  'Liam',
  'Mia',
  'Olivia',
];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Allen',
  'Dijkstra',
  'Perlman',
  'Berners-Lee',
  'Lamarr',
  'Knuth',
  'Johnson',
  'Backus',
  'Martin',
  'Schmidt',
  'Dubois',
  'García',
  'Rossi',
  'de Vries',
  'Smith',
  'Brown',
];

/** Countries with the share of customers from each, their usual locale and a time zone. */
const COUNTRIES: ReadonlyArray<
  readonly [{ country: string; locale: string; timezones: string[]; currency: 'USD' | 'EUR' }, number]
> = [
  [
    {
      country: 'US',
      locale: 'en-US',
      timezones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
      currency: 'USD',
    },
    44,
  ],
  [{ country: 'GB', locale: 'en-GB', timezones: ['Europe/London'], currency: 'USD' }, 10],
  [{ country: 'CA', locale: 'en-CA', timezones: ['America/Toronto', 'America/Vancouver'], currency: 'USD' }, 7],
  [{ country: 'AU', locale: 'en-AU', timezones: ['Australia/Sydney', 'Australia/Perth'], currency: 'USD' }, 5],
  [{ country: 'IN', locale: 'en-IN', timezones: ['Asia/Kolkata'], currency: 'USD' }, 6],
  [{ country: 'BR', locale: 'pt-BR', timezones: ['America/Sao_Paulo'], currency: 'USD' }, 4],
  [{ country: 'DE', locale: 'de-DE', timezones: ['Europe/Berlin'], currency: 'EUR' }, 9],
  [{ country: 'FR', locale: 'fr-FR', timezones: ['Europe/Paris'], currency: 'EUR' }, 6],
  [{ country: 'ES', locale: 'es-ES', timezones: ['Europe/Madrid'], currency: 'EUR' }, 4],
  [{ country: 'NL', locale: 'nl-NL', timezones: ['Europe/Amsterdam'], currency: 'EUR' }, 3],
  [{ country: 'IT', locale: 'it-IT', timezones: ['Europe/Rome'], currency: 'EUR' }, 2],
];

/** Draws a customer's name, country, locale, time zone and currency. */
export function drawProfile(draw: Draw): Profile {
  const place = draw.weighted(COUNTRIES);
  return {
    firstName: draw.pick(FIRST_NAMES),
    lastName: draw.pick(LAST_NAMES),
    country: place.country,
    locale: place.locale,
    timezone: draw.pick(place.timezones),
    currency: place.currency,
  };
}
