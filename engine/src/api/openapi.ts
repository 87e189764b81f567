import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi';
import { z } from 'zod';
import type { Answer, Auth, Route } from './route.ts';
import { ErrorAnswer } from './shapes.ts';

const SECURITY: Record<Auth, Array<Record<string, string[]>> | undefined> = {
  none: undefined,
  admin: [{ adminToken: [] }],
  'admin-page': [{ adminToken: [] }, { adminBasic: [] }],
  // The write key may also come as "writeKey" in the body, so a call without a header is documented too.
  'write-key': [{ writeKey: [] }, { writeKeyBearer: [] }, {}],
};

/** An express path in OpenAPI's words: `/v1/journeys/:id` is `/v1/journeys/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function response(answer: Answer): ZodOpenApiResponseObject {
  if (typeof answer === 'string')
    return { description: answer, content: { 'application/json': { schema: ErrorAnswer } } };
  if (answer.html) return { description: answer.description, content: { 'text/html': { schema: z.string() } } };
  const csv = answer.csv ? { 'text/csv': { schema: z.string() } } : {};
  return {
    description: answer.description,
    ...(answer.schema ? { content: { 'application/json': { schema: answer.schema }, ...csv } } : {}),
  };
}

/** The OpenAPI operation of a route: its key, what it reads and every answer it can give. */
function operationOf(route: Route): ZodOpenApiOperationObject {
  const security = SECURITY[route.auth];
  const requestParams = {
    ...(route.params ? { path: route.params } : {}),
    ...(route.query ? { query: route.query } : {}),
    ...(route.headers ? { header: route.headers } : {}),
  };
  return {
    summary: route.summary,
    ...(security ? { security } : {}),
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(route.body
      ? {
          requestBody: {
            content: {
              [route.body.stream ?? (route.body.form ? 'application/x-www-form-urlencoded' : 'application/json')]: {
                schema: route.body.schema,
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, answer]) => [status, response(answer)]),
    ),
  };
}

/** The OpenAPI 3.1 document of the given routes, from the same zod schemas the server validates with. */
export function openApiDocument(publicUrl: string, routes: Route[]): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    for (const path of route.paths)
      paths[openApiPath(path)] = { ...paths[openApiPath(path)], [route.method]: operationOf(route) };
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Boomerang API',
        version: '0.1.0',
        description: 'Segment-compatible ingest and journey management.',
      },
      servers: [{ url: publicUrl }],
      components: {
        securitySchemes: {
          writeKey: {
            type: 'http',
            scheme: 'basic',
            description: 'The write key as the Basic-auth username (what Segment libraries send)',
          },
          writeKeyBearer: { type: 'http', scheme: 'bearer' },
          adminToken: { type: 'http', scheme: 'bearer' },
          adminBasic: {
            type: 'http',
            scheme: 'basic',
            description: 'The admin token as the Basic-auth username (what a browser sends after the sign-in prompt)',
          },
        },
      },
      paths,
    },
    {
      // Answers are read by clients that should ignore fields they do not know (the server adds
      // fields over time), so response objects are documented open rather than closed.
      override: (ctx) => {
        if (ctx.io === 'output' && ctx.jsonSchema.additionalProperties === false)
          delete ctx.jsonSchema.additionalProperties;
      },
    },
  );
}
