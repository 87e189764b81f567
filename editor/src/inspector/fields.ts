import { z } from 'zod';

// Turns a node's config JSON Schema (from GET /v1/nodes) into form fields. Nothing here knows a node
// type: a field's kind comes from its schema's shape, and three property names ask for suggestions
// (event -> event names seen, template -> templates, property -> traits).

/** The part of JSON Schema the form understands; anything else falls back to a JSON text field. */
const SchemaPart = z.looseObject({
  type: z.union([z.string(), z.array(z.string())]).optional(),
  enum: z.array(z.unknown()).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  required: z.array(z.string()).optional(),
  items: z.unknown().optional(),
  additionalProperties: z.unknown().optional(),
  default: z.unknown().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  examples: z.array(z.unknown()).optional(),
});
type SchemaPart = z.infer<typeof SchemaPart>;

/** Where a text field takes its suggestions from. */
export type Suggestions = 'events' | 'templates' | 'properties';

interface Base { name: string; label: string; required: boolean; hint?: string }
/** One input of a generated form. */
export type Field =
  | Base & { kind: 'text'; suggest?: Suggestions; example?: string }
  | Base & { kind: 'number'; integer: boolean }
  | Base & { kind: 'select'; options: string[] }
  | Base & { kind: 'boolean' }
  | Base & { kind: 'scalar' }
  | Base & { kind: 'duration'; units: string[] }
  | Base & { kind: 'filters'; ops: string[] }
  | Base & { kind: 'pairs' }
  | Base & { kind: 'choices'; options: number[] }
  | Base & { kind: 'events' }
  /** An object with known properties: a group of sub-fields; an optional one can be added and removed. */
  | Base & { kind: 'group'; fields: Field[]; defaults: Record<string, unknown> }
  /** A list of objects with known properties: one group of sub-fields per item, items added and removed. */
  | Base & { kind: 'list'; item: Field[]; defaults: Record<string, unknown>; min: number; max: number | undefined }
  | Base & { kind: 'json' };

const SUGGEST: Record<string, Suggestions> = { event: 'events', template: 'templates', property: 'properties' };

/** "timeout" -> "Timeout", "reEntry" -> "Re entry", "exit-on" -> "Exit on". */
export function labelOf(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const part = (value: unknown): SchemaPart | undefined => {
  const parsed = SchemaPart.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};
const types = (s: SchemaPart): string[] => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);
const stringEnum = (s: SchemaPart | undefined): string[] | undefined =>
  s?.enum?.every((v): v is string => typeof v === 'string') ? s.enum : undefined;

/** True for `{ amount: integer, unit: enum }`: a duration, shown as value + unit. */
function durationUnits(s: SchemaPart): string[] | undefined {
  const props = s.properties;
  if (!props || Object.keys(props).sort().join(',') !== 'amount,unit') return undefined;
  const amount = part(props['amount']);
  return amount && types(amount).includes('integer') ? stringEnum(part(props['unit'])) : undefined;
}

/** True for arrays of `{ property, op, value? }`: property filters. */
function filterOps(s: SchemaPart): string[] | undefined {
  const item = part(s.items);
  const props = item?.properties;
  if (!props || !('property' in props) || !('op' in props)) return undefined;
  return stringEnum(part(props['op']));
}

/** The form field for one property of a config schema. */
export function fieldOf(name: string, schema: unknown, required: boolean): Field {
  const base: Base = { name, label: labelOf(name), required };
  const s = part(schema);
  if (!s) return { ...base, kind: 'json' };
  if (s.title) base.label = s.title;
  if (s.description) base.hint = s.description;
  const options = stringEnum(s);
  if (options) return { ...base, kind: 'select', options };
  const t = types(s);
  if (t.length > 1 && t.every((x) => ['string', 'number', 'boolean', 'null'].includes(x))) return { ...base, kind: 'scalar' };
  if (t.includes('string')) {
    const suggest = SUGGEST[name];
    const example = s.examples?.find((e): e is string => typeof e === 'string');
    return { ...base, kind: 'text', ...(suggest ? { suggest } : {}), ...(example ? { example } : {}) };
  }
  if (t.includes('integer') || t.includes('number')) return { ...base, kind: 'number', integer: t.includes('integer') };
  if (t.includes('boolean')) return { ...base, kind: 'boolean' };
  if (t.includes('object')) {
    const units = durationUnits(s);
    if (units) return { ...base, kind: 'duration', units };
    if (s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) return { ...base, kind: 'pairs' };
    if (s.properties) return { ...base, kind: 'group', fields: fieldsOf(s), defaults: defaultConfig(s) };
  }
  if (t.includes('array')) {
    const ops = filterOps(s);
    if (ops) return { ...base, kind: 'filters', ops };
    if (part(s.items)?.properties?.['event'] !== undefined) return { ...base, kind: 'events' };
    const item = part(s.items);
    if (item && types(item).includes('integer') && item.minimum !== undefined && item.maximum !== undefined && item.maximum - item.minimum < 32) {
      return { ...base, kind: 'choices', options: Array.from({ length: item.maximum - item.minimum + 1 }, (_, i) => (item.minimum ?? 0) + i) };
    }
    if (item?.properties) {
      const min = typeof s['minItems'] === 'number' ? s['minItems'] : 0;
      const max = typeof s['maxItems'] === 'number' ? s['maxItems'] : undefined;
      return { ...base, kind: 'list', item: fieldsOf(item), defaults: defaultConfig(item), min, max };
    }
  }
  return { ...base, kind: 'json' };
}

/**
 * The fields of a node's form, in the schema's property order.
 * @example fieldsOf({ type: 'object', properties: { event: { type: 'string' } }, required: ['event'] })
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
