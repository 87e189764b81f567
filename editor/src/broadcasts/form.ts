import { z } from 'zod';
import { BroadcastRequest } from '@boomerang/engine/broadcast-shapes';
import { withHints } from '@boomerang/engine/nodes';
import { idFromName } from '../audiences/index.ts';
import { defaultConfig, fieldsOf, type Field } from '../inspector/fields.ts';

// The "new broadcast" form: the API's own BroadcastRequest with titles and widgets added here, plus two
// choices that exist only in the form (what to send, when to start) and pick which of the exclusive
// fields are shown and sent. Fields the server's schema may not have yet (journeyId, localTime) are
// offered only when it has them.

const shape: Record<string, z.ZodType> = BroadcastRequest.shape;
const title = <S extends z.ZodType>(schema: S, text: string, description?: string): S =>
  schema.meta({ title: text, ...(description ? { description } : {}) });

/** Whether this build's broadcast schema takes a journey to enrol into (instead of a template). */
export const offersJourney = 'journeyId' in shape;
/** Whether this build's broadcast schema takes a local time in each recipient's time zone. */
export const offersLocalTime = 'localTime' in shape;

/** The form-only choice of what a broadcast does. */
export const SEND_CHOICES = ['an email', 'enrol into a journey'] as const;
/** The form-only choice of when a broadcast starts. */
export const START_CHOICES = ['now', 'at a time', "at a local time in each customer's time zone"] as const;
const [EMAIL, JOURNEY] = SEND_CHOICES;
const [NOW, AT, LOCAL] = START_CHOICES;

const optionalField = (key: string, make: (schema: z.ZodType) => z.ZodType): Record<string, z.ZodType> => {
  const schema = shape[key];
  return schema ? { [key]: make(schema) } : {};
};
const onlyWhenEmail = offersJourney ? { showWhen: { field: 'send', equals: EMAIL } } : {};

const FORM = z.object({
  name: title(BroadcastRequest.shape.name, 'Name'),
  id: title(BroadcastRequest.shape.id.optional(), 'Id', 'Made from the name unless you type one'),
  audienceId: withHints(title(BroadcastRequest.shape.audienceId, 'Audience'), { widget: 'audience' }),
  ...(offersJourney ? { send: title(z.enum(SEND_CHOICES).default(EMAIL), 'Send') } : {}),
  template: withHints(title(BroadcastRequest.shape.template, 'Template'), { widget: 'template', ...onlyWhenEmail }),
  ...optionalField('journeyId', (s) =>
    withHints(title(s, 'Journey id'), { showWhen: { field: 'send', equals: JOURNEY } }),
  ),
  subject: withHints(title(BroadcastRequest.shape.subject, 'Subject', "Empty: the template's subject"), onlyWhenEmail),
  when: title(z.enum(offersLocalTime ? START_CHOICES : [NOW, AT]).default(NOW), 'Start'),
  startAt: withHints(
    title(BroadcastRequest.shape.startAt, 'Start at', 'An ISO 8601 instant, e.g. 2026-06-01T10:00:00Z'),
    {
      showWhen: { field: 'when', equals: AT },
    },
  ),
  ...optionalField('localTime', (s) =>
    withHints(title(s, 'Local time', "The date and time in each customer's own time zone"), {
      showWhen: { field: 'when', equals: LOCAL },
    }),
  ),
  ratePerSecond: title(BroadcastRequest.shape.ratePerSecond, 'Emails per second'),
  holdoutPercent: title(
    BroadcastRequest.shape.holdoutPercent,
    'Holdout (%)',
    'Customers sent nothing, to measure the effect',
  ),
});

const FORM_SCHEMA = z.toJSONSchema(FORM, { io: 'input' });
/**
 * The form-only choices always hold one of their options (their default until changed), and the template
 * or journey is needed for the choice that shows it, so none of them is "optional".
 */
const CHOICES = new Set(['send', 'when', 'template', 'journeyId']);
/** The fields of the form, generated once from the schema above. */
export const BROADCAST_FIELDS: Field[] = fieldsOf(FORM_SCHEMA).map((f) =>
  CHOICES.has(f.name) ? { ...f, required: true } : f,
);
/** The values a new broadcast starts with (the schema's defaults). */
export const BROADCAST_DEFAULTS: Record<string, unknown> = defaultConfig(FORM_SCHEMA);

/** Fields that are sent only for one choice of the form-only fields. */
const ONLY_FOR: Record<string, (values: Record<string, unknown>) => boolean> = {
  template: (v) => (v['send'] ?? EMAIL) === EMAIL,
  subject: (v) => (v['send'] ?? EMAIL) === EMAIL,
  journeyId: (v) => v['send'] === JOURNEY,
  startAt: (v) => v['when'] === AT,
  localTime: (v) => v['when'] === LOCAL,
};

/**
 * The request body for the form's values: the form-only choices dropped, the fields they hide dropped,
 * and the id made from the name when none was typed.
 * @example requestOf({ name: 'Spring sale', when: 'now', startAt: 'x', audienceId: 'a', template: 't' })
 *   // { name: 'Spring sale', id: 'spring-sale', audienceId: 'a', template: 't' }
 */
export function requestOf(values: Record<string, unknown>): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === 'send' || key === 'when' || value === undefined || value === '') continue;
    if (ONLY_FOR[key]?.(values) === false) continue;
    request[key] = value;
  }
  if (request['id'] === undefined && typeof values['name'] === 'string') request['id'] = idFromName(values['name']);
  return request;
}

/** A problem with the request, at a dot path of its body (`startAt`, `localTime.time`). */
export interface Problem {
  path: string;
  message: string;
}

/** The problems the API's schema finds in a request, before it is sent. */
export function problemsOf(request: Record<string, unknown>): Problem[] {
  const parsed = BroadcastRequest.safeParse(request);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** The problems that belong to a form field (its name is the path's first part), joined into one line. */
export function problemAt(problems: readonly Problem[], field: string): string | undefined {
  const mine = problems.filter((p) => p.path.split('.')[0] === field);
  return mine.length === 0 ? undefined : mine.map((p) => p.message).join('; ');
}

/** The problems no field of the form shows. */
export const unplacedProblems = (problems: readonly Problem[]): Problem[] =>
  problems.filter((p) => !BROADCAST_FIELDS.some((f) => f.name === p.path.split('.')[0]));
