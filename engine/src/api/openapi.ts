import { createDocument } from 'zod-openapi';
import { z } from 'zod';
import { AliasCall, BatchCall, GroupCall, IdentifyCall, PageCall, ScreenCall, TrackCall } from '../events/index.ts';
import { Journey, Violation } from '../journey/index.ts';
import { PublishRequest, SimulationRequest } from './journeys.ts';
import { CheckResponse, EventNames, ExperimentsResponse, JourneyStats, PreviewAnswer, PreviewRequest, TemplateProblem, TemplateSave, TemplateSourceShape, TestSendAnswer, TestSendRequest, ValidationAnswer } from './shapes.ts';
import { StatsQuery } from './stats.ts';
import { DeadLetterParams, DeadLetterQuery } from './dead-letters.ts';

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
const BatchResult = IngestResult.extend({
  rejected: z.array(z.object({ index: z.number(), messageId: z.string().optional(), problems: z.array(z.object({ path: z.string(), message: z.string() })) })),
});
/** The same operation at each of Segment's paths for it (full and short). */
const ingestPaths = <T>(paths: string[], operation: T) => Object.fromEntries(paths.map((p) => [p, operation]));
type Security = Array<Record<string, string[]>>;
const idParam = { path: z.object({ id: z.string() }) };

/** The OpenAPI 3.1 document, generated from the same zod schemas the server validates with. */
export function openApiDocument(publicUrl: string): ReturnType<typeof createDocument> {
  const ingestResponses = {
    200: ok('Stored durably', IngestResult), ...errors,
    413: ok('Too large: over 32 KB per call or 500 KB per batch, after gzip/deflate is undone', ErrorBody),
    415: ok('A Content-Encoding other than gzip, deflate or br, or an unsupported charset', ErrorBody),
  };
  const ingest = (summary: string, body: z.ZodType, batch = false) => ({ post: {
    summary, security: [{ writeKey: [] }, { writeKeyBearer: [] }, {}] as Security, requestBody: json(body),
    responses: batch ? { ...ingestResponses, 200: ok('Valid calls stored durably; invalid ones listed by index', BatchResult) } : ingestResponses,
  } });
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
      ...ingestPaths(['/v1/track', '/v1/t'], ingest('Record what a customer did', TrackCall)),
      ...ingestPaths(['/v1/identify', '/v1/i'], ingest('Record who a customer is (traits, at most 64 KB merged per customer)', IdentifyCall)),
      ...ingestPaths(['/v1/page', '/v1/p'], ingest('Record a page view, stored as the event "Page Viewed" with name and category among its properties', PageCall)),
      ...ingestPaths(['/v1/screen', '/v1/s'], ingest('Record an app screen view, stored as the event "Screen Viewed"', ScreenCall)),
      ...ingestPaths(['/v1/group', '/v1/g'], ingest('Link the customer to a group (account) and merge the group\'s traits', GroupCall)),
      ...ingestPaths(['/v1/alias', '/v1/a'], ingest('Say that previousId (an anonymous id) is userId: its events become the customer\'s', AliasCall)),
      ...ingestPaths(['/v1/batch', '/v1/b', '/v1/import'], ingest('Record up to 500 KB of calls of any type; valid ones are kept, invalid ones listed as rejected', BatchCall, true)),
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
      '/v1/outbox': { get: { summary: 'Mail received by the embedded SMTP sink', security: admin, responses: { 200: ok('Messages') } } },
      '/s/{token}': {
        get: {
          summary: 'The survey page of an email link, with ?score=0..10 or ?reason=... selected; records nothing (link scanners open links)',
          requestParams: { path: z.object({ token: z.string() }), query: z.object({ score: z.string().optional(), reason: z.string().optional() }) },
          responses: { 200: ok('The survey page with one Send button'), 400: ok('A damaged link, or an answer the survey does not offer', ErrorBody) },
        },
        post: {
          summary: 'Record a survey answer (form field score or reason): NPS Submitted or Cancellation Survey Answered; the same answer twice is recorded once',
          requestParams: { path: z.object({ token: z.string() }) },
          requestBody: { content: { 'application/x-www-form-urlencoded': { schema: z.object({ score: z.string().optional(), reason: z.string().optional() }) } } },
          responses: { 200: ok('Answer recorded; a thank-you page'), 400: ok('A damaged link, or an answer the survey does not offer', ErrorBody) },
        },
      },
      '/v1/dead-letters': { get: { summary: 'Events the router parked after their retries (event, customer, journey, error, attempts, first and last try)', security: admin, requestParams: { query: DeadLetterQuery }, responses: { 200: ok('Dead letters'), ...errors } } },
      '/v1/dead-letters/{seq}/retry': { post: { summary: 'Put a parked event back in the routing queue', security: admin, requestParams: { path: DeadLetterParams }, responses: { 200: ok('Queued again'), ...errors, 404: ok('No such parked event', ErrorBody) } } },
      '/v1/dead-letters/{seq}/discard': { post: { summary: 'Give up on a parked event', security: admin, requestParams: { path: DeadLetterParams }, responses: { 200: ok('Discarded'), ...errors, 404: ok('No such parked event', ErrorBody) } } },
      '/healthz': { get: { summary: 'Liveness and readiness; routing lag (age of the oldest unrouted event) and the dead-letter count', responses: { 200: ok('Healthy'), 503: ok('A part is down') } } },
    },
  });
}
