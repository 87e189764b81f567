import { createDocument } from 'zod-openapi';
import { z } from 'zod';
import { BatchCall, IdentifyCall, TrackCall } from '../events/index.ts';
import { Journey, Violation } from '../journey/index.ts';
import { PublishRequest, SimulationRequest } from './journeys.ts';
import { CheckResponse, EventNames, ExperimentsResponse, JourneyStats, PreviewAnswer, PreviewRequest, TemplateProblem, TemplateSave, TemplateSourceShape, TestSendAnswer, TestSendRequest, ValidationAnswer } from './shapes.ts';
import { ResendAnswer, SendsAnswer } from './send-shapes.ts';
import { SendsQuery } from './sends.ts';
import { StatsQuery } from './stats.ts';

const ErrorBody = z.object({
  error: z.object({ message: z.string(), problems: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
});
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema?: z.ZodType) => ({ description, ...(schema ? json(schema) : {}) });
const errors = {
  400: ok('Invalid input: each problem has a path and a message', ErrorBody),
  401: ok('Missing or wrong key', ErrorBody),
};
const IngestResult = z.object({ success: z.boolean(), stored: z.number(), duplicates: z.number() });
type Security = Array<Record<string, string[]>>;
const idParam = { path: z.object({ id: z.string() }) };

/** The OpenAPI 3.1 document, generated from the same zod schemas the server validates with. */
export function openApiDocument(publicUrl: string): ReturnType<typeof createDocument> {
  const ingest = (summary: string, body: z.ZodType) => ({ post: { summary, security: [{ writeKey: [] }, { writeKeyBearer: [] }] as Security, requestBody: json(body), responses: { 200: ok('Stored durably', IngestResult), ...errors, 413: ok('Too large', ErrorBody) } } });
  const admin: Security = [{ adminToken: [] }];
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Boomerang API', version: '0.1.0', description: 'Segment-compatible ingest and journey management.' },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        writeKey: { type: 'http', scheme: 'basic', description: 'The write key as the Basic-auth username (what Segment libraries send)' },
        writeKeyBearer: { type: 'http', scheme: 'bearer' },
        adminToken: { type: 'http', scheme: 'bearer' },
      },
    },
    paths: {
      '/v1/track': ingest('Record what a customer did', TrackCall),
      '/v1/identify': ingest('Record who a customer is (traits)', IdentifyCall),
      '/v1/batch': ingest('Record up to 500 KB of calls; valid ones are kept, invalid ones listed as rejected', BatchCall),
      '/v1/nodes': { get: { summary: 'Node types with their config JSON Schema', security: admin, responses: { 200: ok('Node types') } } },
      '/v1/journeys': {
        get: { summary: 'List journeys', security: admin, responses: { 200: ok('Journeys') } },
        post: { summary: 'Create a draft journey', security: admin, requestBody: json(Journey), responses: { 201: ok('Created'), ...errors, 409: ok('Id taken', ErrorBody) } },
      },
      '/v1/journeys/{id}': {
        get: { summary: 'Read a journey', security: admin, requestParams: idParam, responses: { 200: ok('The journey'), 404: ok('Unknown journey', ErrorBody) } },
        put: { summary: 'Save the draft', security: admin, requestParams: idParam, requestBody: json(Journey), responses: { 200: ok('Saved'), ...errors } },
      },
      '/v1/journeys/{id}/validate': { post: { summary: 'Validate the draft', security: admin, requestParams: idParam, responses: { 200: ok('Violations and node summaries', ValidationAnswer) } } },
      '/v1/journeys/{id}/publish': { post: { summary: 'Publish the draft as the next numbered version', security: admin, requestParams: idParam, requestBody: json(PublishRequest), responses: { 200: ok('Published', z.object({ version: z.number() })), 422: ok('The draft has violations', z.object({ violations: z.array(Violation) })) } } },
      '/v1/journeys/{id}/pause': { post: { summary: 'Stop enrolling new customers', security: admin, requestParams: idParam, responses: { 200: ok('Paused') } } },
      '/v1/journeys/{id}/resume': { post: { summary: 'Enroll new customers again', security: admin, requestParams: idParam, responses: { 200: ok('Live') } } },
      '/v1/journeys/{id}/versions': { get: { summary: 'Published versions', security: admin, requestParams: idParam, responses: { 200: ok('Versions') } } },
      '/v1/journeys/{id}/simulate': { post: { summary: 'Run the draft over synthetic customers', security: admin, requestParams: idParam, requestBody: json(SimulationRequest), responses: { 200: ok('Counts per node and edge, emails per day') } } },
      '/v1/journeys/{id}/experiments': { get: { summary: 'A/B split results: per arm exposed, converted, rate with Wilson interval, revenue, unsubscribes; versus control; SRM; the stopping rule; cumulative rate by day', security: admin, requestParams: idParam, responses: { 200: ok('Results per split', ExperimentsResponse), 404: ok('Unknown journey', ErrorBody) } } },
      '/v1/journeys/{id}/experiments/check': { post: { summary: 'Apply automatic winners now (splits that opted in, rule met, guardrail not worse)', security: admin, requestParams: idParam, responses: { 200: ok('Winners published', CheckResponse) } } },
      '/v1/journeys/{id}/stats': { get: { summary: 'Per-node counts (entered, waiting now, exited) of a published version', security: admin, requestParams: { ...idParam, query: StatsQuery }, responses: { 200: ok('Counts', JourneyStats), 404: ok('Unknown journey or version', ErrorBody) } } },
      '/v1/starters': { get: { summary: 'The starter journeys (templates/journeys)', security: admin, responses: { 200: ok('Starter journeys', z.object({ starters: z.array(Journey) })) } } },
      '/v1/event-names': { get: { summary: 'Event names seen so far, most frequent first', security: admin, responses: { 200: ok('Event names', EventNames) } } },
      '/v1/templates': { get: { summary: 'Email templates', security: admin, responses: { 200: ok('Templates') } } },
      '/v1/templates/{id}': {
        get: { summary: 'A template\'s MJML source', security: admin, requestParams: idParam, responses: { 200: ok('The template', TemplateSourceShape), 404: ok('Unknown template', ErrorBody) } },
        put: { summary: 'Save a template\'s MJML source (validated)', security: admin, requestParams: idParam, requestBody: json(TemplateSave), responses: { 200: ok('Saved', TemplateSourceShape), ...errors, 422: ok('Invalid MJML or Liquid; templateProblems lists lines', ErrorBody.extend({ templateProblems: z.array(TemplateProblem).optional() })) } },
      },
      '/v1/templates/{id}/preview': { post: { summary: 'Render a template for a stored or sample customer', security: admin, requestParams: idParam, requestBody: json(PreviewRequest), responses: { 200: ok('Subject, HTML and text', PreviewAnswer), ...errors, 404: ok('Unknown template or customer', ErrorBody) } } },
      '/v1/templates/{id}/test': { post: { summary: 'Send one rendered copy of a template to an address', security: admin, requestParams: idParam, requestBody: json(TestSendRequest), responses: { 200: ok('Sent', TestSendAnswer), ...errors } } },
      '/v1/sends': { get: { summary: 'Sends by status (default failed,in-doubt: the ones that need a person), newest first, each with its latest resend', security: admin, requestParams: { query: SendsQuery }, responses: { 200: ok('Sends', SendsAnswer), ...errors } } },
      '/v1/sends/{key}/resend': { post: { summary: 'Send a failed or in-doubt email again now; the Idempotency-Key header makes a repeated request send nothing more', security: admin, requestParams: { path: z.object({ key: z.string() }), header: z.object({ 'idempotency-key': z.string() }) }, responses: { 201: ok('Resent: the outcome (sent, failed, in-doubt, skipped-...)', ResendAnswer), 200: ok('This request was answered before; its resend', ResendAnswer), ...errors, 404: ok('Unknown send', ErrorBody), 409: ok('Not failed or in doubt', ErrorBody) } } },
      '/v1/outbox': { get: { summary: 'Mail received by the embedded SMTP sink', security: admin, responses: { 200: ok('Messages') } } },
      '/s/{token}': {
        get: {
          summary: 'Record a survey answer from an email link: ?score=0..10 (NPS Submitted) or ?reason=... (Cancellation Survey Answered)',
          requestParams: { path: z.object({ token: z.string() }), query: z.object({ score: z.string().optional(), reason: z.string().optional() }) },
          responses: { 200: ok('Answer recorded; a thank-you page'), 400: ok('A damaged link, or an answer the survey does not offer', ErrorBody) },
        },
      },
      '/healthz': { get: { summary: 'Liveness and readiness', responses: { 200: ok('Healthy'), 503: ok('A part is down') } } },
    },
  });
}
