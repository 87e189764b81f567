import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mjmlProblems } from '../../../engine/src/api/templates.ts';

describe('MJML problems for the template editor', () => {
  it('finds none in the shipped welcome template', async () => {
    expect(
      await mjmlProblems(readFileSync(new URL('../../../templates/emails/welcome.mjml', import.meta.url), 'utf8')),
    ).toEqual([]);
  });

  it('names the line and the tag of a misplaced element', async () => {
    const problems = await mjmlProblems(
      '<mjml>\n<mj-body>\n<mj-section>\n<mj-text>Hi</mj-text>\n</mj-section>\n</mj-body>\n</mjml>',
    );
    expect(problems).toEqual([expect.objectContaining({ line: 4, tag: 'mj-text' })]);
  });
});
