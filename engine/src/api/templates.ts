import express, { Router } from 'express';
import mjml2html from 'mjml';
import { findCustomer, type Database } from '../db/index.ts';
import { createRenderer, isTemplateId, renderUnsaved, type Mailer, type Renderer, type TemplateStore } from '../email/index.ts';
import { problemsOf, unstorableText } from '../events/index.ts';
import { refuseDeepBodies } from './depth.ts';
import { HttpError } from './errors.ts';
import { refuseUnstorableParams } from './params.ts';
import { PreviewRequest, TemplateSave, TestSendRequest } from './shapes.ts';
import { messageOf } from '../errors/index.ts';

/** The customer a preview uses when none is chosen: every common trait filled in. */
export const SAMPLE_TRAITS = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', company: 'Boomerang', plan: 'pro' };

/** The longest template id: its file name (id + ".mjml") must fit the file system's 255-byte limit. */
export const TEMPLATE_ID_MAX = 200;

interface Deps {
  db: Database;
  templates: TemplateStore;
  renderer?: Renderer | undefined;
  mailer?: Mailer | undefined;
  /** Stores a template's new source; without it templates are read-only. */
  saveTemplate?: ((id: string, source: string) => Promise<void>) | undefined;
  publicUrl: string;
}

/** MJML problems of a source, each with its line; empty when it compiles cleanly. */
export async function mjmlProblems(source: string): Promise<Array<{ line: number; tag: string; message: string }>> {
  try {
    const result = await mjml2html(source, { validationLevel: 'soft', keepComments: false });
    return result.errors.map((e) => ({ line: e.line, tag: e.tagName, message: e.message }));
  } catch (error) {
    return [{ line: 1, tag: 'mjml', message: messageOf(error) }];
  }
}

/** Email templates: read, save (validated MJML), preview for a customer, send a test. */
export function templateRoutes(deps: Deps): Router {
  const renderer = deps.renderer ?? createRenderer({ store: deps.templates });
  const router = Router();
  router.use('/v1/templates', express.json({ limit: '1mb' }), refuseDeepBodies);
  refuseUnstorableParams(router, 'id');
  // A template is a file named by its id: past the file system's name limit it cannot exist.
  router.param('id', (_req, _res, next, id: string) => {
    if (id.length > TEMPLATE_ID_MAX) throw new HttpError(400, `A template id has at most ${TEMPLATE_ID_MAX} characters; this one has ${id.length}`, [{ path: 'id', message: 'too long' }]);
    next();
  });

  const mustFind = async (id: string) => {
    const template = await deps.templates.get(id);
    if (!template) throw new HttpError(404, `There is no email template "${id}"; GET /v1/templates lists them`);
    return template;
  };
  const traitsFor = async (body: { userId?: string | undefined; traits?: Record<string, unknown> | undefined }) => {
    if (body.userId) {
      const unstorable = unstorableText(body.userId, 'userId');
      if (unstorable.length > 0) throw new HttpError(400, `The userId ${unstorable[0]?.message.replace(/^the text /, '')}`, unstorable);
      const customer = await findCustomer(deps.db, body.userId);
      if (!customer) throw new HttpError(404, `No customer "${body.userId}" has been identified or tracked; leave it empty to use a sample customer`, [{ path: 'userId', message: 'unknown customer' }]);
      return customer.traits;
    }
    return body.traits ?? SAMPLE_TRAITS;
  };
  const render = async (id: string, body: { userId?: string | undefined; traits?: Record<string, unknown> | undefined; subject?: string | undefined }) => {
    const template = await mustFind(id);
    const vars = { traits: await traitsFor(body), unsubscribeUrl: `${deps.publicUrl}/u/preview`, subject: body.subject };
    try {
      return await renderer.render(template.id, vars);
    } catch (error) {
      throw new HttpError(422, messageOf(error));
    }
  };

  router.get('/v1/templates/:id', async (req, res) => {
    res.json(await mustFind(req.params.id));
  });
  router.put('/v1/templates/:id', async (req, res) => {
    if (!isTemplateId(req.params.id)) throw new HttpError(400, 'A template id uses lowercase letters, digits and "-"', [{ path: 'id', message: 'not a slug' }]);
    const body = TemplateSave.safeParse(req.body);
    if (!body.success) throw new HttpError(400, 'Invalid template', problemsOf(body.error));
    if (!deps.saveTemplate) throw new HttpError(405, 'Templates are read-only on this server');
    const problems = await mjmlProblems(body.data.source);
    if (problems.length > 0) {
      const [first] = problems;
      throw new HttpError(422, `The MJML is not valid: line ${first?.line} (${first?.tag}): ${first?.message}`,
        problems.map((p) => ({ path: `line ${p.line}`, message: p.message })), { templateProblems: problems });
    }
    try {
      await renderUnsaved(body.data.source, { traits: SAMPLE_TRAITS, unsubscribeUrl: `${deps.publicUrl}/u/preview` });
    } catch (error) {
      throw new HttpError(422, messageOf(error), [{ path: 'source', message: 'invalid Liquid' }]);
    }
    await deps.saveTemplate(req.params.id, body.data.source);
    res.json(await mustFind(req.params.id));
  });
  router.post('/v1/templates/:id/preview', async (req, res) => {
    const body = PreviewRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'Invalid preview request', problemsOf(body.error));
    const { subject, html, text } = await render(req.params.id, body.data);
    res.json({ subject, html, text });
  });
  router.post('/v1/templates/:id/test', async (req, res) => {
    const body = TestSendRequest.safeParse(req.body ?? {});
    if (!body.success) throw new HttpError(400, 'Give the address to send the test to', problemsOf(body.error));
    if (!deps.mailer) throw new HttpError(503, 'No mail transport is configured on this server');
    const email = await render(req.params.id, body.data);
    await deps.mailer.send({ to: body.data.to, subject: `[Test] ${email.subject}`, html: email.html, text: email.text });
    res.json({ sent: true, to: body.data.to, subject: `[Test] ${email.subject}` });
  });
  return router;
}
