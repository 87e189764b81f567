import { describe, expect, it } from 'vitest';
import { createRenderer, FileTemplateStore, surveyLinks, verifySurveyToken } from '../../../engine/src/email/index.ts';

const store = new FileTemplateStore();
const renderer = createRenderer({ store });
const vars = {
  traits: { firstName: 'Ada', email: 'ada@example.com', points: 100 },
  event: { event: 'NPS Submitted', properties: { score: 9 } },
  unsubscribeUrl: 'https://boomerang.example.com/u/token',
  surveys: surveyLinks('https://boomerang.example.com', 'secret', 'ada'),
};

describe('the starter library emails', () => {
  it.each([
    'education-1',
    'education-2',
    'education-3',
    'cross-sell',
    'upsell-premium',
    'nps-survey',
    'nps-referral',
    'nps-tips',
    'nps-apology',
    'cancellation-survey',
    'win-back-offer',
    'loyalty-reward',
  ])('%s renders for a customer, with an unsubscribe link', async (id) => {
    const email = await renderer.render(id, vars);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.subject).not.toContain('{{');
    expect(email.html).toContain('https://boomerang.example.com/u/token');
    expect(email.text).toContain('Ada');
  });

  it('gives the NPS survey eleven signed score links for the customer', async () => {
    const { html } = await renderer.render('nps-survey', vars);
    const links = [...html.matchAll(/href="https:\/\/boomerang\.example\.com\/s\/([^"?]+)\?score=(\d+)"/g)];
    expect(links.map((l) => Number(l[2]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(verifySurveyToken('secret', links[9]![1]!)).toEqual({ userId: 'ada', survey: 'nps' });
    expect(verifySurveyToken('another secret', links[9]![1]!)).toBeNull();
  });

  it('gives the cancellation survey one signed link per reason', async () => {
    const { html } = await renderer.render('cancellation-survey', vars);
    expect([...html.matchAll(/\/s\/[^"?]+\?reason=([a-z-]+)"/g)].map((m) => m[1])).toEqual([
      'too-expensive',
      'missing-features',
      'not-using-it',
      'switched',
      'other',
    ]);
  });
});
