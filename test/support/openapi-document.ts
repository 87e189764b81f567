import { z } from 'zod';
import { JsonSchema, type Resolve } from './schema-arbitrary.ts';

// The parts of /openapi.json the request generators read (the contract test and the fuzzer).

/** One documented parameter of an operation: where it goes, its name, and its schema. */
export const Parameter = z.object({
  in: z.string(),
  name: z.string(),
  required: z.boolean().optional(),
  schema: JsonSchema.optional(),
});

/** One operation: its parameters, request body, answers by status, and the keys it accepts. */
export const Operation = z.object({
  parameters: z.array(Parameter).optional(),
  requestBody: z.object({ content: z.record(z.string(), z.object({ schema: JsonSchema.optional() })) }).optional(),
  responses: z.record(
    z.string(),
    z.object({ content: z.record(z.string(), z.object({ schema: z.unknown().optional() })).optional() }),
  ),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});
export type Operation = z.infer<typeof Operation>;

/** The document: its paths and the shared schemas they refer to. */
export const Document = z.object({
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.object({ schemas: z.record(z.string(), JsonSchema).optional() }).optional(),
});
export type Document = z.infer<typeof Document>;

/** Reads a running server's /openapi.json, with the resolver of its `#/components/schemas/...` references. */
export async function readDocument(baseUrl: string): Promise<{ document: Document; resolve: Resolve }> {
  const document = Document.parse(await (await fetch(`${baseUrl}/openapi.json`)).json());
  const resolve: Resolve = (ref) => {
    const schema = document.components?.schemas?.[ref.replace('#/components/schemas/', '')];
    if (!schema) throw new Error(`The document refers to ${ref}, which it does not define`);
    return schema;
  };
  return { document, resolve };
}
