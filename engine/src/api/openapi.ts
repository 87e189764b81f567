import { createDocument } from 'zod-openapi';
import { z } from 'zod';
import { AliasCall, BatchCall, GroupCall, IdentifyCall, PageCall, ScreenCall, TrackCall } from '../events/index.ts';
import { Journey } from '../model/index.ts';
import { PublishRequest, SimulationRequest } from './journeys.ts';
import {
  CheckResponse, CustomerList, CustomerView, DeadLetterActionAnswer, DeadLetterList, ErrorAnswer, EventNames, ExperimentsResponse, HealthAnswer, JourneyList, JourneyRecordShape, JourneyStats, MailList, NodeList, PreviewAnswer, PreviewRequest, PublishAnswer,
  SimulationAnswer, TemplateList, TemplateSave, TemplateSourceShape, TestSendAnswer, TestSendRequest, ValidationAnswer, VersionInfo, VersionList, VersionNumber,
} from './shapes.ts';
import { ResendAnswer, SendsAnswer } from './send-shapes.ts';
import { SendsQuery } from './sends.ts';
import { StatsQuery } from './stats.ts';
import { DeadLetterParams, DeadLetterQuery } from './dead-letters.ts';

const ErrorBody = z.object({
  error: z.object({ message: z.string(), problems: z.array(z.object({ path: z.string(), message: z.string() })).optional() }),
});
const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema?: z.ZodType) => ({ description, ...(schema ? json(schema) : {}) });
const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const fail = (description: string) => ok(description, ErrorBody);
// The answers a route can give by what it reads: a key, path parameters, a query, a JSON body.
const unavailable = { 503: fail('The database or Temporal cannot be reached right now; try again (Retry-After)') };
const keyed = { 401: fail('Missing or wrong key'), ...unavailable };
const withPath = { 400: fail('Invalid input: each problem has a path and a message'), 404: fail('Nothing has that id (or the URL names no route)') };
const withQuery = { 400: fail('Invalid input: each problem has a path and a message') };
const errors = {
  400: fail('Invalid input: each problem has a path and a message'),
  ...keyed,
  413: fail('Too large'),
  415: fail('Not UTF-8 JSON, or a content encoding other than gzip, deflate, br'),
};
const IngestResult = z.object({ success: z.boolean(), stored: z.number(), duplicates: z.number() });
const BatchResult = IngestResult.extend({
  rejected: z.array(z.object({ index: z.number(), messageId: z.string().optional(), problems: z.array(z.object({ path: z.string(), message: z.string() })) })),
});
/** The same operation at each of Segment's paths for it (full and short). */
const ingestPaths = <T>(paths: string[], operation: T) => Object.fromEntries(paths.map((p) => [p, operation]));
type Security = Array<Record<string, string[]>>;
const admin: Security = [{ adminToken: [] }];
const idParam = { path: z.object({ id: z.string() }) };
type Responses = Record<number, ReturnType<typeof ok>>;
interface AdminOperation {
  summary: string;
  requestParams?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
  requestBody?: z.ZodType;
  responses: Responses;
}
/** A management operation: the admin token, and every error its parameters and body can cause. */
const adminOp = ({ summary, requestParams, requestBody, responses }: AdminOperation) => ({
  summary,
  security: admin,
  ...(requestParams ? { requestParams } : {}),
  ...(requestBody ? { requestBody: json(requestBody) } : {}),
  responses: { ...keyed, ...(requestParams?.path ? withPath : {}), ...(requestParams?.query || requestParams?.header ? withQuery : {}), ...(requestBody ? errors : {}), ...responses },
});

/** The OpenAPI 3.1 document, generated from the same zod schemas the server validates with. */
export function openApiDocument(publicUrl: string): ReturnType<typeof createDocument> {
  const ingestResponses = {
    200: ok('Stored durably', IngestResult), ...errors, ...unavailable,
    413: ok('Too large: over 32 KB per call or 500 KB per batch, after gzip/deflate is undone', ErrorBody),
    415: ok('A Content-Encoding other than gzip, deflate or br, or an unsupported charset', ErrorBody),
  };
  const ingest = (summary: string, body: z.ZodType, batch = false) => ({ post: {
    summary, security: [{ writeKey: [] }, { writeKeyBearer: [] }, {}] as Security, requestBody: json(body),
    responses: batch ? { ...ingestResponses, 200: ok('Valid calls stored durably; invalid ones listed by index', BatchResult) } : ingestResponses,
  } });
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
      '/v1/nodes': { get: adminOp({ summary: 'Node types with their config JSON Schema', responses: { 200: ok('Node types', NodeList) } }) },
      '/v1/journeys': {
        get: adminOp({ summary: 'List journeys', responses: { 200: ok('Journeys', JourneyList) } }),
        post: adminOp({ summary: 'Create a draft journey', requestBody: Journey, responses: { 201: ok('Created', JourneyRecordShape), 409: fail('Id taken') } }),
      },
      '/v1/journeys/{id}': {
        get: adminOp({ summary: 'Read a journey', requestParams: idParam, responses: { 200: ok('The journey', JourneyRecordShape), 404: fail('Unknown journey') } }),
        put: adminOp({ summary: 'Save the draft', requestParams: idParam, requestBody: Journey, responses: { 200: ok('Saved', JourneyRecordShape), 404: fail('Unknown journey') } }),
        delete: adminOp({ summary: 'Delete a journey that was never published', requestParams: idParam, responses: { 204: ok('Deleted'), 404: fail('Unknown journey'), 409: fail('Published journeys are paused, not deleted') } }),
      },
      '/v1/journeys/{id}/validate': { post: adminOp({ summary: 'Validate the draft, or the journey in the body when one is sent', requestParams: idParam, requestBody: Journey.optional(), responses: { 200: ok('Violations and node summaries', ValidationAnswer) } }) },
      '/v1/journeys/{id}/publish': { post: adminOp({ summary: 'Publish the draft as the next numbered version', requestParams: idParam, requestBody: PublishRequest, responses: { 200: ok('Published', PublishAnswer), 422: ok('The draft has violations', ErrorAnswer) } }) },
      '/v1/journeys/{id}/pause': { post: adminOp({ summary: 'Stop enrolling new customers', requestParams: idParam, responses: { 200: ok('Paused', JourneyRecordShape), 409: fail('Never published') } }) },
      '/v1/journeys/{id}/resume': { post: adminOp({ summary: 'Enroll new customers again', requestParams: idParam, responses: { 200: ok('Live', JourneyRecordShape), 409: fail('Never published') } }) },
      '/v1/journeys/{id}/versions': { get: adminOp({ summary: 'Published versions', requestParams: idParam, responses: { 200: ok('Versions', VersionList) } }) },
      '/v1/journeys/{id}/versions/{version}': { get: adminOp({ summary: 'One published version with its compiled plan', requestParams: { path: z.object({ id: z.string(), version: VersionNumber }) }, responses: { 200: ok('The version', VersionInfo.extend({ plan: z.unknown() })), 404: fail('Unknown journey or version') } }) },
      '/v1/journeys/{id}/simulate': { post: adminOp({ summary: 'Run the draft over synthetic customers', requestParams: idParam, requestBody: SimulationRequest, responses: { 200: ok('Counts per node and edge, emails per day', SimulationAnswer), 422: ok('The draft has violations', ErrorAnswer) } }) },
      '/v1/journeys/{id}/experiments': { get: adminOp({ summary: 'A/B split results: per arm exposed, converted, rate with Wilson interval, revenue, unsubscribes; versus control; SRM; the stopping rule; cumulative rate by day', requestParams: idParam, responses: { 200: ok('Results per split', ExperimentsResponse), 404: fail('Unknown journey') } }) },
      '/v1/journeys/{id}/experiments/check': { post: adminOp({ summary: 'Apply automatic winners now (splits that opted in, rule met, guardrail not worse)', requestParams: idParam, responses: { 200: ok('Winners published', CheckResponse), 404: fail('Unknown journey') } }) },
      '/v1/journeys/{id}/stats': { get: adminOp({ summary: 'Per-node counts (entered, waiting now, exited) of a published version', requestParams: { ...idParam, query: StatsQuery }, responses: { 200: ok('Counts', JourneyStats), 404: fail('Unknown journey or version') } }) },
      '/v1/starters': { get: adminOp({ summary: 'The starter journeys (templates/journeys)', responses: { 200: ok('Starter journeys', z.object({ starters: z.array(Journey) })) } }) },
      '/v1/event-names': { get: adminOp({ summary: 'Event names seen so far, most frequent first', responses: { 200: ok('Event names', EventNames) } }) },
      '/v1/customers': { get: adminOp({ summary: 'Customers, most recent first', responses: { 200: ok('Customers', CustomerList) } }) },
      '/v1/customers/{userId}': { get: adminOp({ summary: 'One customer: traits, event timeline, journeys, messages', requestParams: { path: z.object({ userId: z.string() }) }, responses: { 200: ok('The customer', CustomerView), 404: fail('Never identified or tracked') } }) },
      '/v1/templates': { get: adminOp({ summary: 'Email templates', responses: { 200: ok('Templates', TemplateList) } }) },
      '/v1/templates/{id}': {
        get: adminOp({ summary: 'A template\'s MJML source', requestParams: idParam, responses: { 200: ok('The template', TemplateSourceShape), 404: fail('Unknown template') } }),
        put: adminOp({ summary: 'Save a template\'s MJML source (validated)', requestParams: idParam, requestBody: TemplateSave, responses: { 200: ok('Saved', TemplateSourceShape), 405: fail('Templates are read-only on this server'), 422: ok('Invalid MJML or Liquid; templateProblems lists lines', ErrorAnswer) } }),
      },
      '/v1/templates/{id}/preview': { post: adminOp({ summary: 'Render a template for a stored or sample customer', requestParams: idParam, requestBody: PreviewRequest, responses: { 200: ok('Subject, HTML and text', PreviewAnswer), 404: fail('Unknown template or customer'), 422: fail('The template does not render') } }) },
      '/v1/templates/{id}/test': { post: adminOp({ summary: 'Send one rendered copy of a template to an address', requestParams: idParam, requestBody: TestSendRequest, responses: { 200: ok('Sent', TestSendAnswer), 404: fail('Unknown template or customer'), 422: fail('The template does not render'), 503: fail('No mail transport is configured') } }) },
      '/v1/sends': { get: adminOp({ summary: 'Sends by status (default failed,in-doubt: the ones that need a person), newest first, each with its latest resend', requestParams: { query: SendsQuery }, responses: { 200: ok('Sends', SendsAnswer) } }) },
      '/v1/sends/{key}/resend': { post: adminOp({ summary: 'Send a failed or in-doubt email again now; the Idempotency-Key header makes a repeated request send nothing more', requestParams: { path: z.object({ key: z.string() }), header: z.object({ 'idempotency-key': z.string() }) }, responses: { 201: ok('Resent: the outcome (sent, failed, in-doubt, skipped-...)', ResendAnswer), 200: ok('This request was answered before; its resend', ResendAnswer), 404: fail('Unknown send'), 409: fail('Not failed or in doubt') } }) },
      '/v1/outbox': { get: adminOp({ summary: 'Mail received by the embedded SMTP sink', requestParams: { query: z.object({ to: z.string().optional(), limit: z.string().optional() }) }, responses: { 200: ok('Messages', MailList) } }) },
      '/s/{token}': {
        get: {
          summary: 'The survey page of an email link, with ?score=0..10 or ?reason=... selected; records nothing (link scanners open links)',
          requestParams: { path: z.object({ token: z.string() }), query: z.object({ score: z.string().optional(), reason: z.string().optional() }) },
          responses: { 200: html('The survey page with one Send button'), 400: fail('A damaged link, or an answer the survey does not offer') },
        },
        post: {
          summary: 'Record a survey answer (form field score or reason): NPS Submitted or Cancellation Survey Answered; the same answer twice is recorded once',
          requestParams: { path: z.object({ token: z.string() }) },
          requestBody: { content: { 'application/x-www-form-urlencoded': { schema: z.object({ score: z.string().optional(), reason: z.string().optional() }) } } },
          responses: { 200: html('Answer recorded; a thank-you page'), 400: fail('A damaged link, or an answer the survey does not offer'), 413: fail('Too large'), 415: fail('Not UTF-8') },
        },
      },
      '/v1/dead-letters': { get: adminOp({ summary: 'Events the router parked after their retries (event, customer, journey, error, attempts, first and last try)', requestParams: { query: DeadLetterQuery }, responses: { 200: ok('Dead letters', DeadLetterList) } }) },
      '/v1/dead-letters/{seq}/retry': { post: adminOp({ summary: 'Put a parked event back in the routing queue', requestParams: { path: DeadLetterParams }, responses: { 200: ok('Queued again', DeadLetterActionAnswer), 404: fail('No such parked event') } }) },
      '/v1/dead-letters/{seq}/discard': { post: adminOp({ summary: 'Give up on a parked event', requestParams: { path: DeadLetterParams }, responses: { 200: ok('Discarded', DeadLetterActionAnswer), 404: fail('No such parked event') } }) },
      '/u/{token}': {
        get: { summary: 'The unsubscribe page of an email link (following it never unsubscribes)', requestParams: { path: z.object({ token: z.string() }) }, responses: { 200: html('A page with the unsubscribe button'), 400: fail('A damaged link') } },
        post: {
          summary: 'Unsubscribe (RFC 8058 one-click: List-Unsubscribe=One-Click, form-encoded)', requestParams: { path: z.object({ token: z.string() }) },
          responses: { 200: html('Unsubscribed'), 400: fail('A damaged link'), 413: fail('Too large'), 415: fail('Not UTF-8') },
        },
      },
      '/outbox': { get: { summary: 'The embedded SMTP sink\'s mail as a page (the admin token as Basic-auth username or Bearer)', security: admin, responses: { 200: html('The outbox'), 401: html('A sign-in prompt') } } },
      '/outbox/{id}': { get: { summary: 'One received message as a page', security: admin, requestParams: { path: z.object({ id: z.string() }) }, responses: { 200: html('The message'), 400: fail('The URL is not valid percent-encoding'), 401: html('A sign-in prompt'), 404: fail('No such message') } } },
      '/healthz': { get: { summary: 'Liveness and readiness; routing lag (age of the oldest unrouted event) and the dead-letter count', responses: { 200: ok('Healthy', HealthAnswer), 503: ok('A part is down', HealthAnswer) } } },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: ok('The OpenAPI 3.1 document') } } },
      '/': { get: { summary: 'The editor (or, without a built editor, a page linking the outbox and this document)', responses: { 200: html('The editor') } } },
    },
  }, {
    // Answers are read by clients that should ignore fields they do not know (the server adds
    // fields over time), so response objects are documented open rather than closed.
    override: (ctx) => { if (ctx.io === 'output' && ctx.jsonSchema.additionalProperties === false) delete ctx.jsonSchema.additionalProperties; },
  });
}
