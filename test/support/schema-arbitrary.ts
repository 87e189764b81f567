import fc from 'fast-check';
import { z } from 'zod';

// fast-check arbitraries from the JSON Schemas of an OpenAPI 3.1 document: values that follow the
// schema ("valid-ish": numbers and sizes kept small so requests stay fast), and mutations of them
// that a careless or hostile client sends. Only the keywords zod's toJSONSchema emits are read.

/** The JSON Schema keywords the generator understands; anything else is ignored. */
export interface JsonSchema {
  $ref?: string | undefined;
  type?: string | string[] | undefined;
  properties?: Record<string, JsonSchema> | undefined;
  required?: string[] | undefined;
  items?: JsonSchema | undefined;
  additionalProperties?: JsonSchema | boolean | undefined;
  enum?: unknown[] | undefined;
  const?: unknown;
  anyOf?: JsonSchema[] | undefined;
  oneOf?: JsonSchema[] | undefined;
  allOf?: JsonSchema[] | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
  pattern?: string | undefined;
  format?: string | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  exclusiveMinimum?: number | undefined;
  exclusiveMaximum?: number | undefined;
  minItems?: number | undefined;
  maxItems?: number | undefined;
}

/** Reads a JSON Schema out of untrusted JSON (the fetched document), keeping the known keywords. */
export const JsonSchema: z.ZodType<JsonSchema> = z.looseObject({
  $ref: z.string().optional(),
  type: z.union([z.string(), z.array(z.string())]).optional(),
  get properties() {
    return z.record(z.string(), JsonSchema).optional();
  },
  required: z.array(z.string()).optional(),
  get items() {
    return JsonSchema.optional();
  },
  get additionalProperties() {
    return z.union([JsonSchema, z.boolean()]).optional();
  },
  enum: z.array(z.unknown()).optional(),
  const: z.unknown().optional(),
  get anyOf() {
    return z.array(JsonSchema).optional();
  },
  get oneOf() {
    return z.array(JsonSchema).optional();
  },
  get allOf() {
    return z.array(JsonSchema).optional();
  },
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  pattern: z.string().optional(),
  format: z.string().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  exclusiveMinimum: z.number().optional(),
  exclusiveMaximum: z.number().optional(),
  minItems: z.number().optional(),
  maxItems: z.number().optional(),
});

/** Resolves `#/components/schemas/X` references. */
export type Resolve = (ref: string) => JsonSchema;

const SMALL = 50;

function stringOf(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 24, minLength + 24));
  // A pattern is what the server checks (zod writes one for emails, stricter than RFC 5322), so it comes first.
  if (schema.pattern)
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (schema.format === 'date')
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const low =
    schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : 1e-6) : -SMALL);
  const high = Math.min(
    schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : 1e-6) : SMALL),
    low + SMALL,
  );
  return integer
    ? fc.integer({ min: Math.ceil(low), max: Math.floor(high) })
    : fc.double({ min: low, max: high, noNaN: true, noDefaultInfinity: true });
}

/** Both schemas at once, as far as the generator reads them: properties and required fields joined, the later schema's other keywords winning. */
function merged(a: JsonSchema, b: JsonSchema): JsonSchema {
  const required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  return {
    ...a,
    ...b,
    ...(a.properties || b.properties ? { properties: { ...a.properties, ...b.properties } } : {}),
    ...(required.length > 0 ? { required } : {}),
    ...((b.type ?? a.type) ? { type: b.type ?? a.type } : {}),
  };
}

/** Values that follow `schema` (required fields present, optional ones sometimes, small sizes). */
export function valueOf(schema: JsonSchema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return valueOf(resolve(schema.$ref), resolve, depth);
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const { anyOf, oneOf, allOf, ...rest } = schema;
  const choices = anyOf ?? oneOf;
  // A choice beside properties (e.g. "userId or anonymousId required") narrows them: each choice is merged into the rest.
  // Deep in a recursive schema (an audience's all / any / not), only the first choice is taken, so values end.
  if (choices && depth > 6) return valueOf(merged(rest, choices[0]!), resolve, depth);
  if (choices) return fc.oneof(...choices.map((c) => valueOf(merged(rest, c), resolve, depth)));
  if (allOf) return valueOf(allOf.map((s) => (s.$ref ? resolve(s.$ref) : s)).reduce(merged, rest), resolve, depth);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(
    ...types.map((type) => {
      switch (type) {
        case 'string':
          return stringOf(schema);
        case 'integer':
          return numberOf(schema, true);
        case 'number':
          return numberOf(schema, false);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        // Past the depth limit an array is left empty where it may be, rather than filled with nulls its schema refuses.
        case 'array':
          return schema.items && depth >= 4 && (schema.minItems ?? 0) === 0
            ? fc.constant([])
            : fc.array(schema.items ? valueOf(schema.items, resolve, depth + 1) : fc.constant(null), {
                minLength: schema.minItems ?? 0,
                maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
              });
        default:
          return objectOf(schema, resolve, depth);
      }
    }),
  );
}

function objectOf(schema: JsonSchema, resolve: Resolve, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const known = fc.record(
    Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valueOf(s, resolve, depth + 1)])),
    { requiredKeys: (schema.required ?? []).filter((k) => k in properties) },
  );
  const extra =
    typeof schema.additionalProperties === 'object' && depth < 3
      ? fc.dictionary(
          fc.string({ minLength: 1, maxLength: 12 }),
          valueOf(schema.additionalProperties, resolve, depth + 1),
          { maxKeys: 3 },
        )
      : fc.constant({});
  return fc.tuple(extra, known).map(([more, fields]) => ({ ...more, ...fields }));
}

/** Text that has broken servers before: NUL, lone surrogates, very long, path tricks, prototype keys. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '\u202eevil',
    '😀'.repeat(50),
    '%',
    '%00',
    '%E0%A4%A',
    '../../etc/passwd',
    '__proto__',
    'constructor',
    "'; drop table journeys; --",
    '<script>alert(1)</script>',
    '{{ 7 * 7 }}',
    '{% raw %}',
    'NaN',
    '-1',
    '1e400',
  ),
  fc.constantFrom(100_000, 600_000).map((n) => 'x'.repeat(n)),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** Numbers at the edges of what JSON, JavaScript and the database hold. */
export const nastyNumber: fc.Arbitrary<number> = fc.constantFrom(
  -1,
  0,
  -0,
  0.5,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53 + 2,
  99_999_999_999,
  -2_147_483_649,
  Number.MIN_VALUE,
);

const DEEP = '\u0001deep\u0001';
/** Any JSON-ish value of the wrong kind, a nasty string or number, or a marker for very deep nesting. */
const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.constant(DEEP),
  fc.constantFrom(null, true, [], {}, [null], { '\u0000': 1 }, JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.jsonValue({ maxDepth: 3 }),
);

type Path = Array<string | number>;
function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

type Mutation = 'replace' | 'remove' | 'extra';
function mutate(value: unknown, path: Path, kind: Mutation, nasty: unknown, key: string): unknown {
  if (path.length === 0) {
    if (kind === 'extra' && value !== null && typeof value === 'object' && !Array.isArray(value))
      return { ...value, [key]: nasty };
    return kind === 'remove' ? undefined : nasty;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    if (rest.length === 0 && kind === 'remove') copy.splice(Number(head), 1);
    else copy[Number(head)] = mutate(copy[Number(head)], rest, kind, nasty, key);
    return copy;
  }
  const record: Record<string, unknown> = value !== null && typeof value === 'object' ? { ...value } : {};
  if (rest.length === 0 && kind === 'remove') delete record[String(head)];
  else record[String(head)] = mutate(record[String(head)], rest, kind, nasty, key);
  return record;
}

/** JSON text of a value; the deep-nesting marker becomes 5,000 nested arrays (10 KB: under every body limit). */
export function jsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.split(JSON.stringify(DEEP)).join(`${'['.repeat(5_000)}${']'.repeat(5_000)}`);
}

/** Valid values of `schema` and mutations of them: a field replaced by a wrong type or nasty value, removed, or an extra field added. */
export function bodyOf(schema: JsonSchema, resolve: Resolve): fc.Arbitrary<unknown> {
  const valid = valueOf(schema, resolve);
  const mutated = fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom<Mutation>('replace', 'remove', 'extra'),
      nastyValue,
      fc.oneof(fc.string({ maxLength: 8 }), nastyString),
    )
    .map(([value, n, kind, nasty, key]) => {
      const paths = pathsOf(value);
      return mutate(value, paths[n % paths.length] ?? [], kind, nasty, key);
    });
  return fc.oneof({ arbitrary: valid, weight: 1 }, { arbitrary: mutated, weight: 3 });
}
