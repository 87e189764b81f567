import type { SurveyName } from '../email/index.ts';
import { surveys } from '../email/index.ts';
import { escapeHtml, page } from './page.ts';

/**
 * The survey page a survey link opens: the question, the choices with the one clicked in the email
 * selected (the person may change it), and one Send button posting the answer back to the link.
 */
export function surveyPage(token: string, name: SurveyName, selected: string | undefined): string {
  const survey = surveys[name];
  const choices = survey.choices.map(
    (c) =>
      `<label class="choice"><input type="radio" name="${survey.field}" value="${escapeHtml(c.value)}" required${c.value === selected ? ' checked' : ''}> ${escapeHtml(c.label)}</label>`,
  );
  return page(
    'Your answer',
    `<h1>Your answer</h1><form method="post" action="${escapeHtml(encodeURIComponent(token))}">
    <fieldset><legend>${escapeHtml(survey.question)}</legend>${choices.join(' ')}</fieldset>
    <p><button type="submit">Send</button></p></form>
    <style>fieldset{border:0;padding:0}legend{margin-bottom:.5rem}.choice{display:inline-block;margin:.25rem .75rem .25rem 0}</style>`,
  );
}

/** The page after an answer was recorded. */
export function thankYouPage(name: SurveyName, value: string): string {
  const label = surveys[name].choices.find((c) => c.value === value)?.label ?? value;
  return page('Thank you', `<h1>Thank you!</h1><p>We have your answer (${escapeHtml(label)}).</p>`);
}
