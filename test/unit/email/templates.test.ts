import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTemplateStore } from '../../../engine/src/email/index.ts';

describe('FileTemplateStore', () => {
  let root: string;
  let store: FileTemplateStore;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'boomerang-store-'));
    const dir = join(root, 'emails');
    await mkdir(dir);
    await writeFile(
      join(dir, 'hello.mjml'),
      '<mjml><mj-head><mj-title>\n  Hi {{ traits.firstName }}\n</mj-title></mj-head><mj-body></mj-body></mjml>',
    );
    await writeFile(join(dir, 'Bad_Name.mjml'), '<mjml></mjml>');
    await writeFile(join(dir, 'notes.txt'), 'not a template');
    await writeFile(join(root, 'secret.mjml'), '<mjml>outside</mjml>');
    store = new FileTemplateStore(dir);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists slug-named .mjml files with their subject and content version', async () => {
    const list = await store.list();
    expect(list).toEqual([
      { id: 'hello', subject: 'Hi {{ traits.firstName }}', version: expect.stringMatching(/^[0-9a-f]{16}$/) },
    ]);
    expect((await store.get('hello'))?.version).toBe(list[0]?.version);
  });

  it('returns undefined for a missing template', async () => {
    expect(await store.get('missing')).toBeUndefined();
  });

  it('refuses ids that are not slugs, so no path leaves the folder', async () => {
    for (const id of ['../secret', '..%2Fsecret', 'Bad_Name', '', '-x', 'a/b', 'hello.mjml']) {
      expect(await store.get(id), id).toBeUndefined();
    }
  });

  it('finds the shipped templates by default, wherever the process runs', async () => {
    const ids = (await new FileTemplateStore().list()).map((t) => t.id);
    expect(ids).toContain('welcome');
  });
});
