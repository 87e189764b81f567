import { convert } from 'html-to-text';
import { Liquid, type Template as LiquidTemplate } from 'liquidjs';
import { compileMjml } from './compile.ts';
import { templateVersion, titleOf, type TemplateStore } from './templates.ts';
import { messageOf } from '../errors/index.ts';

/** What a template can refer to when rendered for one customer. */
export interface RenderVars {
  traits: Record<string, unknown>;
  event?: { event: string; properties: Record<string, unknown> } | undefined;
  unsubscribeUrl: string;
  /** The customer's signed preference page (`{{ preferences_url }}`); empty when not given. */
  preferencesUrl?: string | undefined;
  /** Signed answer links per survey (`{{ surveys.nps }}?score=9`). */
  surveys?: Record<string, string> | undefined;
  /** Subject from the journey node, overriding the template's `<mj-title>`; Liquid allowed. */
  subject?: string | undefined;
  /** The sender's postal address (`{{ postalAddress }}`, POSTAL_ADDRESS); the renderer's own when absent. */
  postalAddress?: string | undefined;
}

/** One customer's email, ready to send. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  templateVersion: string;
}

/** How often the renderer did the expensive work, so callers and tests can see the cache working. */
export interface RenderStats {
  compiles: number;
  renders: number;
}

/** Renders stored templates for individual customers. */
export interface Renderer {
  /** Renders template `templateId` for one customer; rejects when the template is missing or invalid. */
  render(templateId: string, vars: RenderVars): Promise<RenderedEmail>;
  /** Counters of MJML compiles and renders since the renderer was created. */
  stats(): RenderStats;
}

interface Compiled {
  version: string;
  body: Promise<{ html: LiquidTemplate[]; text: LiquidTemplate[] }>;
  subject: LiquidTemplate[];
}

// HTML output is escaped unless a template opts out with `| raw`; a subject line is plain text.
const htmlLiquid = new Liquid({ outputEscape: 'escape', strictVariables: false, strictFilters: true });
const textLiquid = new Liquid({ strictVariables: false, strictFilters: true });
const SUBJECT_CACHE_LIMIT = 1000;

/** Creates a renderer that compiles each template version's MJML once and personalises it with Liquid. */
export function createRenderer(deps: { store: TemplateStore; postalAddress?: string | undefined }): Renderer {
  const compiled = new Map<string, Compiled>();
  const subjects = new Map<string, LiquidTemplate[]>();
  const counts: RenderStats = { compiles: 0, renders: 0 };

  const compiledFor = (id: string, source: string, version: string): Compiled => {
    const cached = compiled.get(id);
    if (cached?.version === version) return cached;
    counts.compiles++;
    // The promise is cached, so concurrent first renders share one compile; a new version replaces the old.
    const subject = parseLiquid(textLiquid, titleOf(source), `Email template "${id}" subject`);
    // The plain-text part is derived once from the compiled HTML with its Liquid markup intact,
    // so per recipient only two Liquid renders remain (no MJML, no HTML-to-text conversion).
    const body = compileMjml(id, source).then((html) => ({
      html: parseLiquid(htmlLiquid, html, `Email template "${id}"`),
      text: parseLiquid(textLiquid, toText(html), `Email template "${id}" (plain text)`),
    }));
    const entry: Compiled = { version, body, subject };
    body.catch(() => {
      if (compiled.get(id) === entry) compiled.delete(id);
    });
    compiled.set(id, entry);
    return entry;
  };

  const subjectOverride = (source: string): LiquidTemplate[] => {
    let parsed = subjects.get(source);
    if (!parsed) {
      if (subjects.size >= SUBJECT_CACHE_LIMIT) subjects.clear();
      parsed = parseLiquid(textLiquid, source, 'Subject override');
      subjects.set(source, parsed);
    }
    return parsed;
  };

  return {
    async render(templateId, vars) {
      const template = await deps.store.get(templateId);
      if (!template) throw new Error(`Email template "${templateId}" does not exist`);
      const entry = compiledFor(template.id, template.source, template.version);
      const scope = scopeOf({ postalAddress: deps.postalAddress, ...vars });
      const body = await entry.body;
      const html = htmlLiquid.renderSync(body.html, scope);
      const text = textLiquid.renderSync(body.text, scope);
      const subjectTemplate = vars.subject === undefined ? entry.subject : subjectOverride(vars.subject);
      const subject = oneLine(textLiquid.renderSync(subjectTemplate, scope));
      counts.renders++;
      return { subject, html, text, templateVersion: template.version };
    },
    stats: () => ({ ...counts }),
  };
}

/**
 * Renders a source that is not stored (a template checked before it is saved), compiling its MJML
 * for this one call; stored templates go through a renderer, which compiles each version once.
 */
export async function renderUnsaved(source: string, vars: RenderVars): Promise<RenderedEmail> {
  const scope = scopeOf(vars);
  const html = await htmlLiquid.parseAndRender(await compileMjml('(inline)', source), scope);
  const subject = oneLine(await textLiquid.parseAndRender(vars.subject ?? titleOf(source), scope));
  return { subject, html, text: toText(html), templateVersion: templateVersion(source) };
}

/** Liquid syntax errors name what was being parsed, so a marketer can find the broken template. */
function parseLiquid(liquid: Liquid, source: string, what: string): LiquidTemplate[] {
  try {
    return liquid.parse(source);
  } catch (error) {
    throw new Error(`${what} has invalid Liquid: ${messageOf(error)}`, { cause: error });
  }
}

const scopeOf = (vars: RenderVars) => ({
  traits: vars.traits,
  event: vars.event,
  unsubscribeUrl: vars.unsubscribeUrl,
  preferences_url: vars.preferencesUrl ?? '',
  preferencesUrl: vars.preferencesUrl ?? '',
  surveys: vars.surveys ?? {},
  postalAddress: vars.postalAddress ?? '',
});

const oneLine = (s: string): string => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

// No word wrapping and no upper-casing of headings: the input still holds Liquid markup.
const toText = (html: string): string =>
  convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      // MJML's <mj-preview> is a hidden div meant for the inbox list, not the message body.
      { selector: 'div[style*="display:none"]', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    ],
  });
