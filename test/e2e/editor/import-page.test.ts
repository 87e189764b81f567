import { describe, expect, it } from 'vitest';
import { editorSession } from '../../support/canvas.ts';

// A newcomer imports the customers they have from the Import page in Chromium: the file's first lines
// are previewed with a trait and type per column, the upload shows its progress, and the result lists
// the line that was not imported; the customers are then in Boomerang with typed traits.
const session = editorSession({ signedIn: true });

const CSV = [
  'user_id,Email,Spent,Notes',
  'p1,pia@example.com,120.5,likes tea',
  'p2,per@example.com,7,',
  'p3,pol@example.com,lots,', // line 4: not a number
].join('\n');

describe('the Import customers page', () => {
  it('previews the file, maps its columns, imports it and lists the bad line', async () => {
    const { page, api } = session;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await page
      .getByLabel('CSV file')
      .setInputFiles({ name: 'shop.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    const columns = page.getByRole('table', { name: 'Columns and traits' });
    await expect.poll(() => columns.getByRole('row').count(), { timeout: 10_000 }).toBe(5);
    expect(await page.getByLabel('Trait for user_id').inputValue()).toBe('userId');
    expect(await page.getByLabel('Trait for Email').inputValue()).toBe('email');
    expect(await columns.getByRole('row', { name: /Spent/ }).textContent()).toContain('120.5');
    await page.getByLabel('Trait for Spent').fill('ltv');
    await page.getByLabel('Type of Spent').selectOption('number');
    await page.getByLabel('Type of Notes').selectOption('skip');
    await page.getByRole('button', { name: 'Import shop.csv' }).click();

    const status = page.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('Imported 2, unchanged 0, failed 1');
    const bad = page.getByRole('table', { name: 'Lines not imported' }).getByRole('row');
    expect(await bad.nth(1).textContent()).toMatch(/^4Spentbad number: "lots" is not a number/);
    expect((await api.admin('GET', '/v1/customers/p1')).json.customer.traits).toEqual({
      email: 'pia@example.com',
      ltv: 120.5,
    });

    await page.getByRole('button', { name: 'Import shop.csv' }).click();
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('Imported 0, unchanged 2, failed 1');
  });
});
