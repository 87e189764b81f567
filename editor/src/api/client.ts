import type { z } from 'zod';
import { ErrorAnswer } from '@boomerang/engine/api-shapes';
import type { Violation } from '@boomerang/engine/journey';
import { savedToken } from './session.ts';

/** A failed API call, with a message a marketer can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Array<{ path: string; message: string }> = [],
    readonly violations: Violation[] = [],
    readonly templateProblems: Array<{ line: number; tag: string; message: string }> = [],
  ) {
    super(message);
  }
}

const ADVICE: Record<number, string> = {
  401: 'Sign in again with the admin token printed by `npm start`.',
  404: 'It may have been deleted; go back to the list.',
  503: 'A part of Boomerang is down; check the terminal running `npm start`.',
};

/** Calls the management API with the session's admin token (plus any `headers`) and parses the answer with `shape`. */
export async function api<S extends z.ZodType>(
  method: string,
  path: string,
  shape: S,
  body?: unknown,
  token = savedToken(),
  headers: Record<string, string> = {},
): Promise<z.infer<S>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        ...headers,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'Boomerang cannot be reached. Check that `npm start` is still running, then try again.');
  }
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const parsed = ErrorAnswer.safeParse(json);
    const message = parsed.success ? parsed.data.error.message : `The server answered ${res.status}.`;
    const advice = ADVICE[res.status];
    throw new ApiError(
      res.status,
      advice ? `${message}. ${advice}` : message,
      parsed.data?.error.problems ?? [],
      parsed.data?.violations ?? [],
      parsed.data?.templateProblems ?? [],
    );
  }
  const parsed = shape.safeParse(json);
  if (!parsed.success)
    throw new ApiError(
      res.status,
      `The server's answer to ${method} ${path} was not understood; the editor and the server may be different versions.`,
    );
  return parsed.data;
}

/** A readable message for anything thrown by an API call. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
