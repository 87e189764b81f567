import type { Messages } from './en.ts';

/** Polish (worded so it needs no grammatical gender of the reader). */
export const pl: Messages = {
  lang: 'pl',
  unsubscribeTitle: 'Wypisz się',
  unsubscribeQuestion: 'Nie chcesz już otrzymywać tych wiadomości?',
  unsubscribeGroupQuestion: (group) => `Nie chcesz już otrzymywać wiadomości „${group}”?`,
  unsubscribeButton: 'Wypisz mnie',
  unsubscribedTitle: 'Wypisano Cię z listy',
  unsubscribedText: 'Nie będziesz już otrzymywać tych wiadomości.',
  unsubscribedGroupText: (group) => `Nie będziesz już otrzymywać wiadomości „${group}”.`,
  choosePreferences: 'Wybierz, jakie wiadomości chcesz otrzymywać',
  preferencesTitle: 'Twoje ustawienia wiadomości e-mail',
  preferencesIntro: 'Wybierz wiadomości, które chcesz otrzymywać.',
  noGroups: 'Na razie nie ma nic do wyboru.',
  save: 'Zapisz',
  saved: 'Twoje wybory zostały zapisane.',
  leaveAll: 'Wypisz mnie ze wszystkich wiadomości',
  leftAll: 'Wypisano Cię ze wszystkich wiadomości.',
  surveyTitle: 'Twoja odpowiedź',
  send: 'Wyślij',
  thanksTitle: 'Dziękujemy!',
  thanksText: (answer) => `Otrzymaliśmy Twoją odpowiedź (${answer}).`,
  npsQuestion: 'Jak bardzo prawdopodobne jest, że polecisz nas znajomemu? (0 = wcale, 10 = bardzo prawdopodobne)',
  cancellationQuestion: 'Co skłoniło Cię do rezygnacji?',
  reasons: {
    'too-expensive': 'Jest za drogie',
    'missing-features': 'Brakuje funkcji, których potrzebuję',
    'not-using-it': 'Za mało z tego korzystam',
    switched: 'Wybieram inny produkt',
    other: 'Coś innego',
  },
};
