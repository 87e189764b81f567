import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRenderer,
  FileTemplateStore,
  renderUnsaved as renderPerRecipientWithoutCache,
  saveTemplateFile,
  type RenderVars,
} from '../../../engine/src/email/index.ts';

const vars = (traits: Record<string, unknown>, extra: Partial<RenderVars> = {}): RenderVars => ({
  traits,
  unsubscribeUrl: 'https://example.com/u/token-123',
  ...extra,
});

const mjml = (
  title: string,
  body: string,
) => `<mjml><mj-head><mj-title>${title}</mj-title></mj-head><mj-body><mj-section><mj-column>
<mj-text>${body}</mj-text><mj-text><a href="{{ unsubscribeUrl }}">Unsubscribe</a></mj-text></mj-column></mj-section></mj-body></mjml>`;

describe('rendering the shipped templates', () => {
  const renderer = createRenderer({ store: new FileTemplateStore() });

  it('puts the first name in the html, the text and the subject', async () => {
    const email = await renderer.render('welcome', vars({ firstName: 'Ada' }));
    expect(email.subject).toBe('Welcome to Boomerang, Ada!');
    expect(email.html).toContain('Hi Ada, welcome aboard!');
    expect(email.text).toContain('Hi Ada, welcome aboard!');
    expect(email.html).toContain('href="https://example.com/u/token-123"');
    expect(email.templateVersion).toMatch(/^[0-9a-f]{16}$/);
  });

  it('escapes HTML in a trait in the html part', async () => {
    const email = await renderer.render('welcome', vars({ firstName: '<script>alert(1)</script>' }));
    expect(email.html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt;, welcome aboard!');
    expect(email.html).not.toContain('<script>alert(1)');
  });

  it('renders the default when a trait is missing', async () => {
    const email = await renderer.render('welcome', vars({}));
    expect(email.html).toContain('Hi there, welcome aboard!');
    expect(email.subject).toBe('Welcome to Boomerang, friend!');
  });

  it('uses a subject override with Liquid, unescaped and on one line', async () => {
    const email = await renderer.render(
      'tips',
      vars({ firstName: 'Tom & Jerry' }, { subject: 'For {{ traits.firstName }}\nfrom us' }),
    );
    expect(email.subject).toBe('For Tom & Jerry from us');
  });

  it('can read the triggering event', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'boomerang-tpl-'));
    try {
      await writeFile(join(dir, 'order.mjml'), mjml('Thanks', 'You bought {{ event.properties.item }}'));
      const email = await createRenderer({ store: new FileTemplateStore(dir) }).render(
        'order',
        vars({}, { event: { event: 'Order Completed', properties: { item: 'a kettle' } } }),
      );
      expect(email.text).toContain('You bought a kettle');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('renders every shipped template with its unsubscribe link', async () => {
    const templates = await new FileTemplateStore().list();
    expect(templates.map((t) => t.id)).toEqual(
      expect.arrayContaining(['welcome', 'tips', 'drip-1', 'drip-2', 'drip-3', 'drip-4']),
    );
    for (const t of templates) {
      const email = await renderer.render(t.id, vars({ firstName: 'Ada' }));
      expect(email.subject, t.id).not.toBe('');
      expect(email.html, t.id).toContain('href="https://example.com/u/token-123"');
      expect(email.html, t.id).not.toMatch(/\{\{|\{%/);
    }
  });

  it('rejects a template that does not exist', async () => {
    await expect(renderer.render('no-such-template', vars({}))).rejects.toThrow(/no-such-template/);
  });
});

describe('the compile cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'boomerang-tpl-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('compiles MJML once for many renders and again when the source changes', async () => {
    await writeFile(
      join(dir, 'note.mjml'),
      mjml('Hello {{ traits.firstName }}', 'Version one for {{ traits.firstName }}'),
    );
    const store = new FileTemplateStore(dir);
    const renderer = createRenderer({ store });
    const first = await Promise.all(
      Array.from({ length: 100 }, (_, i) => renderer.render('note', vars({ firstName: `C${i}` }))),
    );
    expect(first[42]?.text).toContain('Version one for C42');
    expect(renderer.stats()).toEqual({ compiles: 1, renders: 100 });

    await saveTemplateFile(
      store,
      'note',
      mjml('Hello {{ traits.firstName }}', 'Version two for {{ traits.firstName }}'),
    );
    // The store learns of the edit from a file watcher, a moment after the write; the save is one rename,
    // so no render ever sees half a file.
    let second = await renderer.render('note', vars({ firstName: 'Ada' }));
    for (let i = 0; i < 100 && !second.text.includes('Version two'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      second = await renderer.render('note', vars({ firstName: 'Ada' }));
    }
    expect(second.text).toContain('Version two for Ada');
    expect(second.templateVersion).not.toBe(first[0]?.templateVersion);
    expect(renderer.stats().compiles).toBe(2);
  });

  it('names the template and the line of an MJML error', async () => {
    await writeFile(
      join(dir, 'broken.mjml'),
      '<mjml>\n<mj-body>\n<mj-section>\n<mj-text>not in a column</mj-text>\n</mj-section>\n</mj-body>\n</mjml>',
    );
    const renderer = createRenderer({ store: new FileTemplateStore(dir) });
    await expect(renderer.render('broken', vars({}))).rejects.toThrow(/"broken".*line 4.*mj-text/);
  });

  it('gives the same email as the uncached baseline', async () => {
    const source = mjml('Hi {{ traits.firstName }}', 'Hello {{ traits.firstName | default: "there" }}');
    await writeFile(join(dir, 'same.mjml'), source);
    const cached = await createRenderer({ store: new FileTemplateStore(dir) }).render(
      'same',
      vars({ firstName: 'Ada' }),
    );
    expect(await renderPerRecipientWithoutCache(source, vars({ firstName: 'Ada' }))).toEqual(cached);
  });
});
