import type { Messages } from './en.ts';

/** Dutch. */
export const nl: Messages = {
  lang: 'nl',
  unsubscribeTitle: 'Afmelden',
  unsubscribeQuestion: 'Wilt u deze e-mails niet meer ontvangen?',
  unsubscribeGroupQuestion: (group) => `Wilt u geen e-mails over “${group}” meer ontvangen?`,
  unsubscribeButton: 'Afmelden',
  unsubscribedTitle: 'U bent afgemeld',
  unsubscribedText: 'U ontvangt deze e-mails niet meer.',
  unsubscribedGroupText: (group) => `U ontvangt geen e-mails over “${group}” meer.`,
  choosePreferences: 'Kies welke e-mails u ontvangt',
  preferencesTitle: 'Uw e-mailvoorkeuren',
  preferencesIntro: 'Kies de e-mails die u wilt ontvangen.',
  noGroups: 'Er valt nog niets te kiezen.',
  save: 'Opslaan',
  saved: 'Uw keuzes zijn opgeslagen.',
  leaveAll: 'Afmelden voor alle e-mails',
  leftAll: 'U bent afgemeld voor alle e-mails.',
  surveyTitle: 'Uw antwoord',
  send: 'Versturen',
  thanksTitle: 'Bedankt!',
  thanksText: (answer) => `We hebben uw antwoord ontvangen (${answer}).`,
  npsQuestion:
    'Hoe waarschijnlijk is het dat u ons aanbeveelt aan een vriend? (0 = helemaal niet, 10 = zeer waarschijnlijk)',
  cancellationQuestion: 'Waarom heeft u opgezegd?',
  reasons: {
    'too-expensive': 'Het is te duur',
    'missing-features': 'Functies die ik nodig heb ontbreken',
    'not-using-it': 'Ik gebruik het te weinig',
    switched: 'Ik ben overgestapt op een ander product',
    other: 'Iets anders',
  },
};
