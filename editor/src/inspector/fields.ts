import { z } from 'zod';
import { ShowWhen, Widget, WIDGET_TYPE } from '@boomerang/engine/nodes';

// Turns a node's config JSON Schema (from GET /v1/nodes) into form fields. Nothing here knows a node
// type or a property name: a field's kind is the widget its schema asks for (the engine's field hints,
// read with the engine's own schemas), else the plain form of its JSON type.

/** The part of JSON Schema the form understands; anything else falls back to a JSON text field. */
const SchemaPart = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  enum: z.array(z.unknown()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  required: z.array(z.string()).optional(),
  items: z.unknown().optional(),
  additionalProperties: z.unknown().optional(),
  default: z.unknown().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  examples: z.array(z.unknown()).optional(),
});
type SchemaPart = z.infer<typeof SchemaPart>;

/** Where a text field takes its suggestions from. */
export type Suggestions = 'events' | 'traits';

/** One checkbox of a choice of several values. */
export interface Choice {
  value: string | number;
  label: string;
}

interface Base {
  name: string;
  label: string;
  required: boolean;
  hint?: string;
  showWhen?: ShowWhen;
}
/** One input of a generated form. */
export type Field =
  | (Base & { kind: 'text'; suggest?: Suggestions; example?: string; multiline?: boolean })
  | (Base & { kind: 'template' })
  | (Base & { kind: 'sender' })
  | (Base & { kind: 'audience' })
  | (Base & { kind: 'subscription-group' })
  /** The id of a "Send email" step that comes before the node being edited. */
  | (Base & { kind: 'email-step' })
  | (Base & { kind: 'number'; integer: boolean })
  | (Base & { kind: 'select'; options: string[] })
  | (Base & { kind: 'boolean' })
  | (Base & { kind: 'scalar' })
  | (Base & { kind: 'duration'; units: string[] })
  | (Base & { kind: 'filters'; ops: string[] })
  | (Base & { kind: 'pairs' })
  | (Base & { kind: 'choices'; options: Choice[] })
  | (Base & { kind: 'events' })
  /** An object with known properties: a group of sub-fields; an optional one can be added and removed. */
  | (Base & { kind: 'group'; fields: Field[]; defaults: Record<string, unknown> })
  /** A list of objects with known properties: one group of sub-fields per item, items added and removed. */
  | (Base & { kind: 'list'; item: Field[]; defaults: Record<string, unknown>; min: number; max: number | undefined })
  | (Base & { kind: 'json' });

/** "timeout" -> "Timeout", "reEntry" -> "Re entry", "exit-on" -> "Exit on". */
export function labelOf(name: string): string {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const part = (value: unknown): SchemaPart | undefined => {
  const parsed = SchemaPart.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};
const types = (s: SchemaPart): string[] => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);
const stringEnum = (s: SchemaPart | undefined): string[] | undefined =>
  s?.enum?.every((v): v is string => typeof v === 'string') ? s.enum : undefined;
const exampleOf = (s: SchemaPart) => {
  const example = s.examples?.find((e): e is string => typeof e === 'string');
  return example ? { example } : {};
};

const WEEKDAYS: Choice[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((label, i) => ({
  value: i + 1,
  label,
}));

/**
 * The field each widget asks for, or undefined when the schema lacks what the widget needs (the plain
 * form is used then). A Record, so a widget added to the engine's vocabulary is a type error here until drawn.
 */
const HINTED: Record<Widget, (s: SchemaPart, base: Base) => Field | undefined> = {
  event: (s, base) => ({ ...base, kind: 'text', suggest: 'events', ...exampleOf(s) }),
  trait: (s, base) => ({ ...base, kind: 'text', suggest: 'traits', ...exampleOf(s) }),
  multiline: (s, base) => ({ ...base, kind: 'text', multiline: true, ...exampleOf(s) }),
  template: (_s, base) => ({ ...base, kind: 'template' }),
  sender: (_s, base) => ({ ...base, kind: 'sender' }),
  audience: (_s, base) => ({ ...base, kind: 'audience' }),
  'subscription-group': (_s, base) => ({ ...base, kind: 'subscription-group' }),
  'email-step': (_s, base) => ({ ...base, kind: 'email-step' }),
  duration: (s, base) => {
    const units = stringEnum(part(s.properties?.['unit']));
    return units ? { ...base, kind: 'duration', units } : undefined;
  },
  filters: (s, base) => {
    const ops = stringEnum(part(part(s.items)?.properties?.['op']));
    return ops ? { ...base, kind: 'filters', ops } : undefined;
  },
  events: (_s, base) => ({ ...base, kind: 'events' }),
  weekdays: (_s, base) => ({ ...base, kind: 'choices', options: WEEKDAYS }),
};

/** The field a widget hint asks for, when the field is of the JSON type the widget edits. */
function hintedField(widget: Widget, s: SchemaPart, base: Base): Field | undefined {
  return types(s).includes(WIDGET_TYPE[widget]) ? HINTED[widget](s, base) : undefined;
}

/** The plain form of a JSON type: text, number, select, checkbox, name/value pairs, a group, a list, else JSON. */
function plainField(s: SchemaPart, base: Base): Field {
  const options = stringEnum(s);
  if (options) return { ...base, kind: 'select', options };
  const t = types(s);
  if (t.length > 1 && t.every((x) => ['string', 'number', 'boolean', 'null'].includes(x)))
    return { ...base, kind: 'scalar' };
  if (t.includes('string')) return { ...base, kind: 'text', ...exampleOf(s) };
  if (t.includes('integer') || t.includes('number')) return { ...base, kind: 'number', integer: t.includes('integer') };
  if (t.includes('boolean')) return { ...base, kind: 'boolean' };
  if (t.includes('object')) {
    if (s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties)
      return { ...base, kind: 'pairs' };
    if (s.properties) return { ...base, kind: 'group', fields: fieldsOf(s), defaults: defaultConfig(s) };
  }
  if (t.includes('array')) {
    const item = part(s.items);
    const choices = stringEnum(item);
    if (choices) return { ...base, kind: 'choices', options: choices.map((value) => ({ value, label: value })) };
    if (item?.properties) {
      const min = typeof s['minItems'] === 'number' ? s['minItems'] : 0;
      const max = typeof s['maxItems'] === 'number' ? s['maxItems'] : undefined;
      return { ...base, kind: 'list', item: fieldsOf(item), defaults: defaultConfig(item), min, max };
    }
  }
  return { ...base, kind: 'json' };
}

/** The form field for one property of a config schema: the widget it asks for, else the plain form of its type. */
export function fieldOf(name: string, schema: unknown, required: boolean): Field {
  const base: Base = { name, label: labelOf(name), required };
  const s = part(schema);
  if (!s) return { ...base, kind: 'json' };
  if (s.title) base.label = s.title;
  if (s.description) base.hint = s.description;
  // Hints are read one by one: one the editor does not know (a newer server's) leaves the rest usable.
  const showWhen = ShowWhen.safeParse(s['showWhen']);
  if (showWhen.success) base.showWhen = showWhen.data;
  const widget = Widget.safeParse(s['widget']);
  return (widget.success ? hintedField(widget.data, s, base) : undefined) ?? plainField(s, base);
}

/**
 * The fields of a node's form, in the schema's property order.
 * @example fieldsOf({ type: 'object', properties: { event: { type: 'string', widget: 'event' } }, required: ['event'] })
 *   // [{ name: 'event', kind: 'text', suggest: 'events', required: true, label: 'Event' }]
 */
export function fieldsOf(configSchema: unknown): Field[] {
  const s = part(configSchema);
  if (!s?.properties) return [];
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties).map(([name, schema]) => fieldOf(name, schema, required.has(name)));
}

/** The config a new node starts with: schema defaults, and empty lists and maps where they are required. */
export function defaultConfig(configSchema: unknown): Record<string, unknown> {
  const s = part(configSchema);
  const config: Record<string, unknown> = {};
  const required = new Set(s?.required ?? []);
  for (const [name, raw] of Object.entries(s?.properties ?? {})) {
    const prop = part(raw);
    if (prop?.default !== undefined) config[name] = prop.default;
    else if (required.has(name) && prop && types(prop).includes('array')) config[name] = [];
    else if (required.has(name) && prop && types(prop).includes('object') && !prop.properties) config[name] = {};
  }
  return config;
}

/**
 * The fields to show for the values of their object: those without a showWhen, and those whose other
 * field equals (one of) the values named; an unset field counts as its default.
 */
export function visibleFields(
  fields: readonly Field[],
  values: Record<string, unknown>,
  defaults: Record<string, unknown>,
): Field[] {
  return fields.filter(({ showWhen }) => {
    if (!showWhen) return true;
    const current = values[showWhen.field] ?? defaults[showWhen.field];
    return [showWhen.equals].flat().some((wanted) => wanted === current);
  });
}

/** Text typed into a field that may hold a string, a number or a true/false, as the value it means. */
export function scalarOf(text: string): string | number | boolean {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return text;
}

/** A config with one field set; `undefined` removes it (an optional field left empty). */
export function withField(config: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  const { [name]: _old, ...rest } = config;
  return value === undefined ? rest : { ...rest, [name]: value };
}
