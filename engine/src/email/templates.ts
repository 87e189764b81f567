import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An email template's source as stored, identified by a slug and versioned by its content. */
export interface Template {
  id: string;
  source: string;
  version: string;
}

/** What a template list shows: its id, its (Liquid) subject line and its content version. */
export interface TemplateInfo {
  id: string;
  subject: string;
  version: string;
}

/** Where templates come from; files today, a database table later. */
export interface TemplateStore {
  /** Every template, sorted by id. */
  list(): Promise<TemplateInfo[]>;
  /** One template, or undefined when there is none with that id (or the id is not a slug). */
  get(id: string): Promise<Template | undefined>;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const EXTENSION = '.mjml';

/** True when `id` is a template slug (and so cannot name a path outside the template folder). */
export const isTemplateId = (id: string): boolean => SLUG.test(id);

/** The content version of a template: the first 16 hex digits of the source's sha256. */
export const templateVersion = (source: string): string =>
  createHash('sha256').update(source).digest('hex').slice(0, 16);

/**
 * The Liquid subject line from a template's `<mj-title>`, or '' when it has none. Reading one tag's
 * text does not justify a full MJML parse per listed template; the renderer reads the same tag.
 */
export function titleOf(source: string): string {
  const match = /<mj-title(?:\s[^>]*)?>([\s\S]*?)<\/mj-title>/i.exec(source);
  return (match?.[1] ?? '').replace(/\s+/g, ' ').trim();
}

/** The repository's `templates/emails` folder, found from this file's location rather than the cwd. */
export const defaultTemplateDir = fileURLToPath(new URL('../../../templates/emails/', import.meta.url));

/** Templates kept as `<id>.mjml` files in one folder. */
export class FileTemplateStore implements TemplateStore {
  /** Reads templates from `dir` (default: the repository's templates/emails). */
  constructor(readonly dir: string = defaultTemplateDir) {}

  // Sending reads a template per email: keep each file's content until the folder watcher (inotify)
  // says it changed. Without a watcher nothing is cached.
  readonly #cache = new Map<string, Template>();
  // Bumped by every change the watcher reports, so a read that raced a change is not kept as current.
  #changes = 0;
  #watcher: FSWatcher | undefined | null;

  #watching(): boolean {
    if (this.#watcher === undefined) {
      try {
        this.#watcher = watch(this.dir, { persistent: false }, (_event, name) => {
          this.#changes += 1;
          if (name) this.#cache.delete(String(name).replace(/\.mjml$/, ''));
          else this.#cache.clear();
        });
        this.#watcher.on('error', () => {
          this.#cache.clear();
          this.#watcher?.close();
          this.#watcher = null;
        });
      } catch {
        this.#watcher = null;
      }
    }
    return this.#watcher !== null;
  }

  /** Every `*.mjml` file whose name is a slug, with its subject and version. */
  async list(): Promise<TemplateInfo[]> {
    const names = await readdir(this.dir);
    const ids = names
      .filter((n) => n.endsWith(EXTENSION))
      .map((n) => n.slice(0, -EXTENSION.length))
      .filter(isTemplateId)
      .sort();
    const templates = await Promise.all(ids.map((id) => this.get(id)));
    return templates
      .filter((t) => t !== undefined)
      .map((t) => ({ id: t.id, subject: titleOf(t.source), version: t.version }));
  }

  /** The template `<id>.mjml`; undefined for a missing file or an id that is not a slug. */
  async get(id: string): Promise<Template | undefined> {
    if (!isTemplateId(id)) return undefined;
    const cached = this.#cache.get(id);
    if (cached) return cached;
    try {
      const watching = this.#watching();
      const changesBefore = this.#changes;
      const source = await readFile(join(this.dir, id + EXTENSION), 'utf8');
      const template = { id, source, version: templateVersion(source) };
      if (watching && this.#changes === changesBefore) this.#cache.set(id, template);
      return template;
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw error;
    }
  }
}

/**
 * Writes a template in one step (a temporary file renamed over the old one), so a send that reads it
 * meanwhile sees the old version or the new one, never half of it.
 */
export async function saveTemplateFile(store: FileTemplateStore, id: string, source: string): Promise<void> {
  const file = join(store.dir, id + EXTENSION);
  const partial = join(store.dir, `.${id}.${process.pid}.partial`);
  await writeFile(partial, source);
  await rename(partial, file);
}

const isMissingFile = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EISDIR');
