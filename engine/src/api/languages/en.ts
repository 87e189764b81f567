import type { z } from 'zod';
import type { CancellationReason } from '../../email/index.ts';

/** Every text of the customer-facing pages (unsubscribe, preferences, survey answer) in one language. */
export interface Messages {
  lang: string;
  unsubscribeTitle: string;
  unsubscribeQuestion: string;
  unsubscribeGroupQuestion: (group: string) => string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedText: string;
  unsubscribedGroupText: (group: string) => string;
  choosePreferences: string;
  preferencesTitle: string;
  preferencesIntro: string;
  noGroups: string;
  save: string;
  saved: string;
  leaveAll: string;
  leftAll: string;
  surveyTitle: string;
  send: string;
  thanksTitle: string;
  thanksText: (answer: string) => string;
  npsQuestion: string;
  cancellationQuestion: string;
  reasons: Record<z.infer<typeof CancellationReason>, string>;
}

/** English. */
export const en: Messages = {
  lang: 'en',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeQuestion: 'Stop receiving these emails?',
  unsubscribeGroupQuestion: (group) => `Stop receiving “${group}” emails?`,
  unsubscribeButton: 'Unsubscribe',
  unsubscribedTitle: 'You are unsubscribed',
  unsubscribedText: 'You will get no more of these emails.',
  unsubscribedGroupText: (group) => `You will get no more “${group}” emails.`,
  choosePreferences: 'Choose which emails you get',
  preferencesTitle: 'Your email preferences',
  preferencesIntro: 'Choose the emails you want to get.',
  noGroups: 'There is nothing to choose yet.',
  save: 'Save',
  saved: 'Your choices are saved.',
  leaveAll: 'Unsubscribe from all emails',
  leftAll: 'You are unsubscribed from all emails.',
  surveyTitle: 'Your answer',
  send: 'Send',
  thanksTitle: 'Thank you!',
  thanksText: (answer) => `We have your answer (${answer}).`,
  npsQuestion: 'How likely are you to recommend us to a friend? (0 = not at all, 10 = extremely likely)',
  cancellationQuestion: 'Why did you cancel?',
  reasons: {
    'too-expensive': 'It is too expensive',
    'missing-features': 'Features I need are missing',
    'not-using-it': 'I do not use it enough',
    switched: 'I switched to another product',
    other: 'Something else',
  },
};
