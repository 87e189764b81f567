import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../../engine/src/api/languages/index.ts';

// The customer pages' language follows the locale trait's language part; the expected words are
// written here by hand, not read from the catalogues.
describe('the language of the customer pages', () => {
  it.each([
    ['nl', 'Opslaan'],
    ['nl-NL', 'Opslaan'],
    ['NL_be', 'Opslaan'],
    ['pl-PL', 'Zapisz'],
    ['pl', 'Zapisz'],
    ['en-GB', 'Save'],
    ['de-DE', 'Save'],
    ['constructor', 'Save'],
    [42, 'Save'],
    [undefined, 'Save'],
  ])('locale %j -> the Save button says %s', (locale, save) => {
    expect(messagesFor(locale === undefined ? {} : { locale }).save).toBe(save);
  });

  it('names the group in the one-click question in each language', () => {
    expect(messagesFor({ locale: 'en' }).unsubscribeGroupQuestion('Offers')).toBe('Stop receiving “Offers” emails?');
    expect(messagesFor({ locale: 'nl' }).unsubscribeGroupQuestion('Aanbiedingen')).toBe(
      'Wilt u geen e-mails over “Aanbiedingen” meer ontvangen?',
    );
    expect(messagesFor({ locale: 'pl' }).unsubscribeGroupQuestion('Oferty')).toBe(
      'Nie chcesz już otrzymywać wiadomości „Oferty”?',
    );
  });
});
