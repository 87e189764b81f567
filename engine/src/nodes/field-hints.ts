import { z } from 'zod';

// What a config field says about its input in the editor's form. The hints are zod metadata, so they
// ride in the config's JSON Schema (GET /v1/nodes) and the editor reads them with these same schemas;
// a field without hints gets the plain form of its type (text, number, select, checkbox, group, list).

/**
 * The inputs a field can ask for: `event` an event name (suggests the names seen), `events` a list of
 * events with filters, `trait` a customer trait name (suggests traits), `template` an email template
 * picker, `sender` a sender identity picker (GET /v1/senders), `audience` an audience picker with sizes
 * (GET /v1/audiences), `subscription-group` a subscription group picker
 * (GET /v1/subscription-groups, plus `transactional`), `duration` an `{ amount, unit }` object, `filters` a list of `{ property, op, value }`,
 * `weekdays` a list of ISO weekday numbers (1 = Monday) as Mon..Sun checkboxes, `multiline` a long text,
 * `email-step` the id of a "Send email" step that comes before the node (a select of those steps).
 */
export const Widget = z.enum([
  'event',
  'events',
  'trait',
  'template',
  'sender',
  'audience',
  'subscription-group',
  'duration',
  'filters',
  'weekdays',
  'multiline',
  'email-step',
]);
export type Widget = z.infer<typeof Widget>;

/** The JSON type a widget edits: a hint on a field of another type is refused when the node is registered. */
export const WIDGET_TYPE: Record<Widget, 'string' | 'object' | 'array'> = {
  event: 'string',
  trait: 'string',
  template: 'string',
  sender: 'string',
  audience: 'string',
  'subscription-group': 'string',
  multiline: 'string',
  'email-step': 'string',
  duration: 'object',
  events: 'array',
  filters: 'array',
  weekdays: 'array',
};

/** The node type whose steps the `email-step` widget offers. */
export const EMAIL_STEP_TYPE = 'send-email';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * The field is shown only while the field `field` of the same object equals `equals`, or one of them
 * when it is a list (the other field's default counts while it is unset).
 */
export const ShowWhen = z.object({ field: z.string().min(1), equals: z.union([Scalar, z.array(Scalar).min(1)]) });
export type ShowWhen = z.infer<typeof ShowWhen>;

/** Every hint a config field can carry. */
export const FieldHints = z.object({ widget: Widget.optional(), showWhen: ShowWhen.optional() });
export type FieldHints = z.infer<typeof FieldHints>;

/**
 * `schema` with form hints for the editor; its other metadata (title, description) is kept, as zod
 * carries a copy's metadata over from the schema it was made from. A hint that is no hint throws here.
 * @example withHints(z.string().min(1), { widget: 'trait' })
 * @example withHints(TimeUnit.optional(), { showWhen: { field: 'mode', equals: 'duration' } })
 */
export function withHints<S extends z.ZodType>(schema: S, hints: FieldHints): S {
  return schema.meta(FieldHints.parse(hints));
}

/** The parts of a JSON Schema the check walks through; anything else is not looked at. */
const Part = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  enum: z.array(z.unknown()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  items: z.unknown().optional(),
  widget: z.unknown().optional(),
  showWhen: z.unknown().optional(),
});
type Part = z.infer<typeof Part>;

const withArticle = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const typesOf = (part: Part): string[] =>
  part.type === undefined ? [] : Array.isArray(part.type) ? part.type : [part.type];

/** What is wrong with one field's hints, given its siblings; each problem names the field by its path. */
function problemsOfField(path: string, part: Part, siblings: Record<string, unknown>, name: string): string[] {
  const problems: string[] = [];
  if (part.widget !== undefined) {
    const widget = Widget.safeParse(part.widget);
    if (!widget.success)
      problems.push(
        `config field "${path}" asks for the widget ${JSON.stringify(part.widget)}, which does not exist (there are ${Widget.options.join(', ')})`,
      );
    else if (!typesOf(part).includes(WIDGET_TYPE[widget.data])) {
      problems.push(
        `config field "${path}" asks for the "${widget.data}" widget, which edits ${withArticle(WIDGET_TYPE[widget.data])}, but the field is ${typesOf(part).map(withArticle).join(' or ') || 'of no single type'}`,
      );
    }
  }
  if (part.showWhen !== undefined) {
    const when = ShowWhen.safeParse(part.showWhen);
    const other = when.success ? Part.safeParse(siblings[when.data.field]) : undefined;
    if (!when.success)
      problems.push(
        `config field "${path}" has a showWhen that is not { field, equals } with a text, number or true/false (or a list of them) to equal`,
      );
    else if (when.data.field === name || !other?.success)
      problems.push(
        `config field "${path}" is shown when "${when.data.field}" equals ${JSON.stringify(when.data.equals)}, but there is no other field "${when.data.field}" beside it`,
      );
    else if (other.data.enum && [when.data.equals].flat().some((value) => !other.data.enum?.includes(value))) {
      problems.push(
        `config field "${path}" is shown when "${when.data.field}" equals ${JSON.stringify(when.data.equals)}, which is not among its choices (${other.data.enum.map((v) => JSON.stringify(v)).join(', ')})`,
      );
    }
  }
  return problems;
}

/**
 * What is wrong with the form hints in a config's JSON Schema, at every depth (objects and items of
 * arrays); empty when every hint is one the editor can follow.
 * @example fieldHintProblems({ type: 'object', properties: { wait: { type: 'string', widget: 'duration' } } })
 *   // ['config field "wait" asks for the "duration" widget, which edits an object, but the field is a string']
 */
export function fieldHintProblems(jsonSchema: unknown, prefix = ''): string[] {
  const parsed = Part.safeParse(jsonSchema);
  const properties = parsed.success ? (parsed.data.properties ?? {}) : {};
  return Object.entries(properties).flatMap(([name, raw]) => {
    const part = Part.safeParse(raw);
    if (!part.success) return [];
    const path = `${prefix}${name}`;
    const items = Part.safeParse(part.data.items);
    return [
      ...problemsOfField(path, part.data, properties, name),
      ...fieldHintProblems(part.data, `${path}.`),
      ...(items.success ? fieldHintProblems(items.data, `${path}[].`) : []),
    ];
  });
}
