import type { SurveyName } from '../email/index.ts';
import { surveys } from '../email/index.ts';
import type { Messages } from './languages/index.ts';
import { escapeHtml, page } from './page.ts';

/** The survey's question and a choice's label in the customer's language. */
function wordsOf(name: SurveyName, m: Messages): { question: string; label: (value: string) => string } {
  if (name === 'nps') return { question: m.npsQuestion, label: (value) => value };
  const reasons = new Map<string, string>(Object.entries(m.reasons));
  return { question: m.cancellationQuestion, label: (value) => reasons.get(value) ?? value };
}

/**
 * The survey page a survey link opens: the question, the choices with the one clicked in the email
 * selected (the person may change it), and one Send button posting the answer back to the link.
 */
export function surveyPage(token: string, name: SurveyName, selected: string | undefined, m: Messages): string {
  const survey = surveys[name];
  const words = wordsOf(name, m);
  const choices = survey.choices.map(
    (c) =>
      `<label class="choice"><input type="radio" name="${survey.field}" value="${escapeHtml(c.value)}" required${c.value === selected ? ' checked' : ''}> ${escapeHtml(words.label(c.value))}</label>`,
  );
  return page(
    m.surveyTitle,
    `<h1>${escapeHtml(m.surveyTitle)}</h1><form method="post" action="${escapeHtml(encodeURIComponent(token))}">
    <fieldset><legend>${escapeHtml(words.question)}</legend>${choices.join(' ')}</fieldset>
    <p><button type="submit">${escapeHtml(m.send)}</button></p></form>
    <style>fieldset{border:0;padding:0}legend{margin-bottom:.5rem}.choice{display:inline-block;margin:.25rem .75rem .25rem 0}</style>`,
    m.lang,
  );
}

/** The page after an answer was recorded. */
export function thankYouPage(name: SurveyName, value: string, m: Messages): string {
  return page(
    m.thanksTitle,
    `<h1>${escapeHtml(m.thanksTitle)}</h1><p>${escapeHtml(m.thanksText(wordsOf(name, m).label(value)))}</p>`,
    m.lang,
  );
}
