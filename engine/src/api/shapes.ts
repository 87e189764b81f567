import { z } from 'zod';
import { Journey, Violation } from '../model/index.ts';
import { SendStatusName } from './send-shapes.ts';
import { EmailRates } from './email-stats-shapes.ts';

// What the management API answers, as zod schemas shared by the server (OpenAPI) and the editor,
// which parses every response with them. Isomorphic: zod and the journey schema only.
export { ResendAnswer, SendShape, SendsAnswer, SendStatusName } from './send-shapes.ts';
export * from './suppression-shapes.ts';
export * from './experiment-shapes.ts';
export * from './email-stats-shapes.ts';
export * from '../consent/groups.ts';

/** A journey in the list and on its page: the draft plus its publishing state and live counts. */
export const JourneyRecordShape = z.object({
  id: z.string(),
  name: z.string(),
  draft: z.unknown(),
  status: z.enum(['draft', 'live', 'paused']),
  liveVersion: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  inFlight: z.number().optional(),
});
export type JourneyRecordShape = z.infer<typeof JourneyRecordShape>;

/** GET /v1/journeys. */
export const JourneyList = z.object({ journeys: z.array(JourneyRecordShape) });

/** A published version's number as a URL gives it: a whole number from 1 to what the database column holds (32 bits). */
export const VersionNumber = z.coerce.number().int().min(1).max(2_147_483_647);

/** A published version without its plan. */
export const VersionInfo = z.object({
  journeyId: z.string(),
  version: z.number(),
  note: z.string().nullable(),
  publishedAt: z.string(),
  graph: z.unknown(),
});
export type VersionInfo = z.infer<typeof VersionInfo>;
export const VersionList = z.object({ versions: z.array(VersionInfo) });

/** A node type as GET /v1/nodes describes it. */
export const NodeDescriptionShape = z.object({
  type: z.string(),
  version: z.number(),
  kind: z.enum(['trigger', 'action', 'flow']),
  label: z.string(),
  group: z.string(),
  icon: z.string(),
  description: z.string(),
  branches: z.array(z.string()),
  configSchema: z.record(z.string(), z.unknown()),
  /** Set when the branches are named by the config: one per item of `list`, named by its `name` (a split's variants). */
  branchesFrom: z.object({ list: z.string(), name: z.string() }).optional(),
});
export type NodeDescriptionShape = z.infer<typeof NodeDescriptionShape>;
export const NodeList = z.object({ nodes: z.array(NodeDescriptionShape) });

/** POST /v1/journeys/:id/validate. */
export const ValidationAnswer = z.object({
  valid: z.boolean(),
  violations: z.array(Violation),
  /** Each node's one-line summary, as the server's node types word it (the editor shows it for plugin nodes). */
  summaries: z.record(z.string(), z.string()).optional(),
});
/** POST /v1/journeys/:id/publish. */
export const PublishAnswer = z.object({ version: z.number() });

/** An email template in the list. */
export const TemplateInfoShape = z.object({ id: z.string(), subject: z.string(), version: z.string() });
export const TemplateList = z.object({ templates: z.array(TemplateInfoShape) });
/** GET /v1/templates/:id. */
export const TemplateSourceShape = z.object({ id: z.string(), source: z.string(), version: z.string() });
/** PUT /v1/templates/:id: the MJML source to store. */
export const TemplateSave = z.object({ source: z.string().min(1).max(500_000) });
/** POST /v1/templates/:id/preview: render for a stored customer or for given traits. */
export const PreviewRequest = z.object({
  userId: z.string().min(1).optional(),
  traits: z.record(z.string(), z.unknown()).optional(),
  subject: z.string().optional(),
});
export const PreviewAnswer = z.object({ subject: z.string(), html: z.string(), text: z.string() });
/** POST /v1/templates/:id/test: send one rendered copy to an address. */
export const TestSendRequest = PreviewRequest.extend({ to: z.email() });
export const TestSendAnswer = z.object({ sent: z.boolean(), to: z.string(), subject: z.string() });
/** One MJML problem with its line. */
export const TemplateProblem = z.object({ line: z.number(), tag: z.string(), message: z.string() });

/** GET /v1/journeys/:id/stats?version=n: counts per node for one published version. */
export const NodeStats = z.object({
  entered: z.number(),
  waiting: z.number(),
  exited: z.number(),
  failed: z.number().optional(),
  /** Email steps: what became of their emails (every version, all templates; human opens and clicks only). */
  email: EmailRates.optional(),
});
export const JourneyStats = z.object({ version: z.number().nullable(), nodes: z.record(z.string(), NodeStats) });
export type JourneyStats = z.infer<typeof JourneyStats>;

/** GET /v1/event-names: event names seen so far, most frequent first. */
export const EventNames = z.object({ events: z.array(z.object({ event: z.string(), count: z.number() })) });

/** POST /v1/journeys/:id/simulate answer. */
export const SimulationAnswer = z.object({
  nodes: z.record(z.string(), NodeStats),
  edges: z.array(z.object({ from: z.string(), to: z.string(), branch: z.string(), count: z.number() })),
  emailsByDay: z.array(z.object({ day: z.number(), count: z.number() })),
  exits: z.record(z.string(), z.number()),
  paths: z.array(
    z.object({ customer: z.number(), steps: z.array(z.object({ stepId: z.string(), atMs: z.number() })) }),
  ),
});
export type SimulationAnswer = z.infer<typeof SimulationAnswer>;

/** Mail the embedded SMTP sink received. */
export const MailShape = z.object({
  id: z.number(),
  to: z.array(z.string()),
  from: z.string().nullable().optional(),
  subject: z.string().nullable(),
  html: z.string().nullable(),
  text: z.string().nullable(),
  receivedAt: z.string(),
});
export const MailList = z.object({ messages: z.array(MailShape) });

/** GET /v1/customers/:userId: the single view of a customer. */
export const CustomerView = z.object({
  customer: z.object({
    userId: z.string(),
    traits: z.record(z.string(), z.unknown()),
    unsubscribedAt: z.string().nullable(),
    createdAt: z.string(),
  }),
  groups: z.array(z.object({ groupId: z.string(), traits: z.record(z.string(), z.unknown()), joinedAt: z.string() })),
  anonymousIds: z.array(z.string()),
  events: z.array(
    z.object({
      seq: z.number(),
      type: z.string(),
      event: z.string().nullable().optional(),
      properties: z.record(z.string(), z.unknown()).optional(),
      anonymousId: z.string().optional(),
      groupId: z.string().optional(),
      timestamp: z.string(),
    }),
  ),
  journeys: z.array(
    z.object({ journeyId: z.string(), version: z.number(), status: z.string(), stepId: z.string().nullable() }),
  ),
  messages: z.array(
    z.object({
      template: z.string(),
      subject: z.string().nullable(),
      status: z.string(),
      journeyId: z.string().nullable(),
      stepId: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export const CustomerList = z.object({
  customers: z.array(
    z.object({ userId: z.string(), traits: z.record(z.string(), z.unknown()), createdAt: z.string() }),
  ),
});

/** An error answer: a message saying what to do, problems by path, violations when a journey is invalid. */
export const ErrorAnswer = z.object({
  error: z.object({
    message: z.string(),
    problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
  violations: z.array(Violation).optional(),
  templateProblems: z.array(TemplateProblem).optional(),
});

export { Journey };

/** One event the router parked after its retries (GET /v1/dead-letters). */
export const DeadLetterShape = z.object({
  seq: z.number(),
  messageId: z.string(),
  type: z.string(),
  event: z.string().nullable(),
  userId: z.string().nullable(),
  journeyId: z.string().nullable(),
  error: z.string(),
  attempts: z.number(),
  firstTriedAt: z.string(),
  lastTriedAt: z.string(),
  status: z.enum(['parked', 'discarded', 'retried']),
  properties: z.record(z.string(), z.unknown()),
  traits: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
});
export const DeadLetterList = z.object({ deadLetters: z.array(DeadLetterShape) });
/** What /healthz says: each part up or down, and how far routing is behind. */
export const HealthAnswer = z.object({
  status: z.enum(['ok', 'degraded']),
  parts: z.record(z.string(), z.boolean()),
  routing: z.object({ oldestUnroutedSeconds: z.number(), unrouted: z.number(), deadLetters: z.number() }).optional(),
});
/** POST /v1/dead-letters/:seq/retry or /discard. */
export const DeadLetterActionAnswer = z.object({ seq: z.number(), status: z.enum(['retried', 'discarded']) });

// What the management API reads: request bodies, queries and path parameters.

/** How many synthetic customers a simulation runs, over how long, doing what. */
const SimulationSettings = z.object({
  customers: z.number().int().min(1).max(100_000).default(1000),
  days: z.number().int().min(1).max(365).default(30),
  seed: z.number().int().default(1),
  traits: z.record(z.string(), z.unknown()).default({}),
  behaviours: z
    .array(
      z.object({
        event: z.string().min(1),
        probability: z.number().min(0).max(1),
        withinDays: z.number().positive(),
        properties: z.record(z.string(), z.unknown()).optional(),
        /** Only customers in this arm of a split do it (to simulate an effect). */
        arm: z.string().optional(),
      }),
    )
    .default([]),
  /** The share (0..1) of customers in each audience, by audience id: what in-audience nodes find. */
  audiences: z.record(z.string(), z.number().min(0).max(1)).default({}),
  /** Repeat the simulation this many times to estimate the power of each split's test (0: don't). */
  powerReplicates: z.number().int().min(0).max(200).default(0),
});
// customers x replicates is the work a request asks for; bounded so that one request cannot hold the server.
const withinWork = (r: { customers: number; powerReplicates: number }) =>
  r.customers * Math.max(1, r.powerReplicates) <= 2_000_000;
const tooMuchWork = { path: ['powerReplicates'], message: 'customers x powerReplicates may be at most 2,000,000' };

/** The body of a simulation request: the settings, and optionally a journey to simulate instead of the saved draft (validated first). */
export const SimulationRequest = SimulationSettings.extend({ journey: z.looseObject({}).optional() }).refine(
  withinWork,
  tooMuchWork,
);

/** The body of POST /v1/journeys/simulate: the settings and the journey to simulate (saved or not). */
export const UnsavedSimulationRequest = SimulationSettings.extend({ journey: z.looseObject({}) }).refine(
  withinWork,
  tooMuchWork,
);

/** The body of a publish request. */
export const PublishRequest = z.object({ note: z.string().max(500).optional() });

/** The query of GET /v1/journeys/:id/stats: which published version (default: the live one). */
export const StatsQuery = z.object({ version: VersionNumber.optional() });

/** The query of GET /v1/sends: statuses, comma-separated (default: the ones that need a person), and how many. */
const statusName = `(${SendStatusName.options.join('|')})`;
export const SendsQuery = z.object({
  // The pattern tells the document's readers what the list may hold; the statuses are checked one by one (naming which is wrong).
  status: z
    .string()
    .meta({ pattern: `^${statusName}(,${statusName})*$`, description: 'statuses, comma-separated' })
    .default('failed,in-doubt')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(SendStatusName).min(1)),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The query of GET /v1/dead-letters. */
export const DeadLetterQuery = z.object({
  status: z.enum(['parked', 'discarded', 'retried']).default('parked'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
/** The path of one dead letter: the event's sequence number. */
export const DeadLetterParams = z.object({ seq: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The query of GET /v1/outbox: mail to one address, and how many (a limit that is not a whole number from 1 reads as 50). */
export const OutboxQuery = z.object({ to: z.string().optional(), limit: z.string().optional() });

/** What an ingest call answers. */
export const IngestResult = z.object({ success: z.boolean(), stored: z.number(), duplicates: z.number() });
/** What a batch call answers: the valid calls are stored, the invalid ones listed by index. */
export const BatchResult = IngestResult.extend({
  rejected: z.array(
    z.object({
      index: z.number(),
      messageId: z.string().optional(),
      problems: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
});
// The deliverability shapes, from their own file: the module's face also holds Node-only code.
export * from '../deliverability/shapes.ts';
