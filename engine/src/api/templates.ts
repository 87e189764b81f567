import mjml2html from 'mjml';
import { z } from 'zod';
import { findCustomer, type Database } from '../db/index.ts';
import {
  createRenderer,
  isTemplateId,
  renderUnsaved,
  SmtpSendError,
  type Mailer,
  type Renderer,
  type TemplateStore,
} from '../email/index.ts';
import { messageOf } from '../errors/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import {
  ErrorAnswer,
  PreviewAnswer,
  PreviewRequest,
  TemplateSave,
  TemplateSourceShape,
  TestSendAnswer,
  TestSendRequest,
} from './shapes.ts';

/** The customer a preview uses when none is chosen: every common trait filled in. */
export const SAMPLE_TRAITS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada@example.com',
  company: 'Boomerang',
  plan: 'pro',
};

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

const idOf = (raw: unknown) => (raw !== null && typeof raw === 'object' && 'id' in raw ? String(raw.id) : '');
// A template is a file named by its id: past the file system's name limit it cannot exist.
const TemplateId = {
  schema: z.object({ id: z.string().max(TEMPLATE_ID_MAX, 'too long') }),
  invalid: (raw: unknown) =>
    `A template id has at most ${TEMPLATE_ID_MAX} characters; this one has ${idOf(raw).length}`,
};
/** The id of a template to save: also a slug, since it names a file. */
const NewTemplateId = {
  schema: z.object({
    id: z
      .string()
      .max(TEMPLATE_ID_MAX, 'too long')
      .refine(isTemplateId, 'not a slug')
      .meta({ description: 'lowercase letters, digits and "-"' }),
  }),
  invalid: 'A template id uses lowercase letters, digits and "-", at most 200 of them',
};
const BODY_LIMIT = '1mb';
const UNKNOWN = 'Unknown template or customer';
const UNRENDERABLE = 'The template does not render';

/** Email templates: read, save (validated MJML), preview for a customer, send a test. */
export function templateRoutes(deps: Deps): Route[] {
  const renderer = deps.renderer ?? createRenderer({ store: deps.templates });
  const mustFind = async (id: string) => {
    const template = await deps.templates.get(id);
    if (!template) throw new HttpError(404, `There is no email template "${id}"; GET /v1/templates lists them`);
    return template;
  };
  const traitsFor = async (body: { userId?: string | undefined; traits?: Record<string, unknown> | undefined }) => {
    if (body.userId) {
      const customer = await findCustomer(deps.db, body.userId);
      if (!customer)
        throw new HttpError(
          404,
          `No customer "${body.userId}" has been identified or tracked; leave it empty to use a sample customer`,
          [{ path: 'userId', message: 'unknown customer' }],
        );
      return customer.traits;
    }
    return body.traits ?? SAMPLE_TRAITS;
  };
  const render = async (
    id: string,
    body: { userId?: string | undefined; traits?: Record<string, unknown> | undefined; subject?: string | undefined },
  ) => {
    const template = await mustFind(id);
    const vars = {
      traits: await traitsFor(body),
      unsubscribeUrl: `${deps.publicUrl}/u/preview`,
      subject: body.subject,
    };
    try {
      return await renderer.render(template.id, vars);
    } catch (error) {
      throw new HttpError(422, messageOf(error));
    }
  };

  return [
    defineRoute({
      method: 'get',
      path: '/v1/templates/:id',
      auth: 'admin',
      summary: "A template's MJML source",
      params: TemplateId,
      responses: { 200: { description: 'The template', schema: TemplateSourceShape }, 404: 'Unknown template' },
      handler: async ({ params, res }) => {
        res.json(await mustFind(params.id));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/templates/:id',
      auth: 'admin',
      summary: "Save a template's MJML source (validated)",
      params: NewTemplateId,
      body: { schema: TemplateSave, invalid: 'Invalid template', limit: BODY_LIMIT },
      responses: {
        200: { description: 'Saved', schema: TemplateSourceShape },
        405: 'Templates are read-only on this server',
        422: { description: 'Invalid MJML or Liquid; templateProblems lists lines', schema: ErrorAnswer },
      },
      handler: async ({ params, body, res }) => {
        if (!deps.saveTemplate) throw new HttpError(405, 'Templates are read-only on this server');
        const problems = await mjmlProblems(body.source);
        if (problems.length > 0) {
          const [first] = problems;
          throw new HttpError(
            422,
            `The MJML is not valid: line ${first?.line} (${first?.tag}): ${first?.message}`,
            problems.map((p) => ({ path: `line ${p.line}`, message: p.message })),
            { templateProblems: problems },
          );
        }
        try {
          await renderUnsaved(body.source, { traits: SAMPLE_TRAITS, unsubscribeUrl: `${deps.publicUrl}/u/preview` });
        } catch (error) {
          throw new HttpError(422, messageOf(error), [{ path: 'source', message: 'invalid Liquid' }]);
        }
        await deps.saveTemplate(params.id, body.source);
        res.json(await mustFind(params.id));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/templates/:id/preview',
      auth: 'admin',
      summary: 'Render a template for a stored or sample customer',
      params: TemplateId,
      body: { schema: PreviewRequest, invalid: 'Invalid preview request', limit: BODY_LIMIT },
      responses: {
        200: { description: 'Subject, HTML and text', schema: PreviewAnswer },
        404: UNKNOWN,
        422: UNRENDERABLE,
      },
      handler: async ({ params, body, res }) => {
        const { subject, html, text } = await render(params.id, body);
        res.json({ subject, html, text });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/templates/:id/test',
      auth: 'admin',
      summary: 'Send one rendered copy of a template to an address',
      params: TemplateId,
      body: { schema: TestSendRequest, invalid: 'Give the address to send the test to', limit: BODY_LIMIT },
      responses: {
        200: { description: 'Sent', schema: TestSendAnswer },
        404: UNKNOWN,
        422: 'The template does not render, or the mail server refused the address',
        503: 'No mail transport is configured, or the database cannot be reached',
      },
      handler: async ({ params, body, res }) => {
        if (!deps.mailer) throw new HttpError(503, 'No mail transport is configured on this server');
        const email = await render(params.id, body);
        try {
          await deps.mailer.send({
            to: body.to,
            subject: `[Test] ${email.subject}`,
            html: email.html,
            text: email.text,
          });
        } catch (error) {
          // The mail server refusing this address for good (5xx) is about the address, not an outage.
          if (error instanceof SmtpSendError && error.responseCode !== undefined && error.responseCode >= 500) {
            throw new HttpError(422, `The mail server refused to send to this address: ${error.message}`, [
              { path: 'to', message: `refused by the mail server (${error.responseCode})` },
            ]);
          }
          throw error;
        }
        res.json({ sent: true, to: body.to, subject: `[Test] ${email.subject}` });
      },
    }),
  ];
}
