import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import stableStringify from 'json-stable-stringify';
import { z } from 'zod';
import { ValidationAnswer } from '../../api/shapes.ts';
import type { Violation } from '../../compiler/index.ts';
import { adminToken } from '../import-customers.ts';

/** A failure the user can fix (server down, token refused, a file unreadable): printed as is, exit 1. */
export class JourneysCliError extends Error {}

/** A usage mistake (missing token, bad flag): exit 2. */
export class JourneysClientUsage extends Error {}

/** The flags every `boomerang journeys` subcommand reads. */
export const connectionOptions = {
  url: { type: 'string' },
  token: { type: 'string' },
  dir: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const Refusal = z.object({ error: z.object({ message: z.string() }) });

/** What the server answered: its status and the parsed JSON (or text). */
export interface Answer {
  status: number;
  body: unknown;
}

/** The management API of one running server, reached with the admin token. */
export interface JourneysClient {
  url: string;
  request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Answer>;
}

/** Connects to `--url` (or BOOMERANG_URL, or localhost:3000) with `--token` (or ADMIN_TOKEN, or DATA_DIR/keys.json). */
export function connect(values: { url?: string; token?: string }): JourneysClient {
  const url = (values.url ?? process.env.BOOMERANG_URL ?? 'http://localhost:3000').replace(/\/$/, '');
  const token = adminToken(values.token);
  if (!token) throw new JourneysClientUsage('No admin token: pass --token or set ADMIN_TOKEN');
  return {
    url,
    async request(method, path, body) {
      let res: Response;
      try {
        res = await fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        throw new JourneysCliError(`Cannot reach Boomerang at ${url}: ${cause}`);
      }
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text for the message
      }
      if (res.status === 401 || res.status === 403) {
        const refusal = Refusal.safeParse(parsed);
        throw new JourneysCliError(
          `Boomerang at ${url} refused the admin token (${res.status})${refusal.success ? `: ${refusal.data.error.message}` : ''}`,
        );
      }
      return { status: res.status, body: parsed };
    },
  };
}

/** The server's error message in an answer, or the answer itself. */
export function refusalOf(answer: Answer): string {
  const refusal = Refusal.safeParse(answer.body);
  return `${answer.status}: ${refusal.success ? refusal.data.error.message : JSON.stringify(answer.body)}`;
}

/** A journey as a file holds it: sorted keys, 2-space indent, trailing newline (pulling twice writes the same bytes). */
export function journeyText(journey: unknown): string {
  return `${stableStringify(journey, { space: 2 }) ?? 'null'}\n`;
}

/** The journey files to work on: the named ones, or every `*.json` in the folder. */
export function journeyFiles(dir: string, names: string[]): string[] {
  if (names.length > 0) return names.map((n) => (n.endsWith('.json') || n.includes('/') ? n : join(dir, `${n}.json`)));
  if (!existsSync(dir)) throw new JourneysCliError(`${dir}: no such folder (pull first, or pass --dir)`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

const WithId = z.object({ id: z.string().min(1) });

/** Reads a journey file: its JSON and its id (the file name's, when the JSON has none). */
export function readJourneyFile(file: string): { journey: unknown; id: string } {
  if (!existsSync(file)) throw new JourneysCliError(`${file}: no such file`);
  let journey: unknown;
  try {
    journey = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new JourneysCliError(`${file}: not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const withId = WithId.safeParse(journey);
  return { journey, id: withId.success ? withId.data.id : basename(file, '.json') };
}

/** One problem of a file as `file: node <id>: <path>: <message>` (the node and path only when known). */
export function violationLine(file: string, v: Violation): string {
  return [file, v.nodeId ? `node ${v.nodeId}` : null, v.path ?? null, v.message].filter((p) => p !== null).join(': ');
}

/** The server's verdict on a journey, without saving it. */
export async function serverViolations(client: JourneysClient, journey: unknown): Promise<Violation[]> {
  const answer = await client.request('POST', '/v1/journeys/validate', journey);
  const verdict = ValidationAnswer.safeParse(answer.body);
  if (answer.status !== 200 || !verdict.success)
    throw new JourneysCliError(`The server could not validate it (${refusalOf(answer)})`);
  return verdict.data.violations;
}

/** A progress bar on stderr for many items, shown only on a terminal; `tick` advances it, `done` removes it. */
export function progress(total: number, what: string): { tick(): void; done(): void } {
  if (!process.stderr.isTTY || total < 2) return { tick: () => undefined, done: () => undefined };
  const bar = new SingleBar({
    format: `${what} [{bar}] {value}/{total}`,
    stream: process.stderr,
    clearOnComplete: true,
  });
  bar.start(total, 0);
  return { tick: () => bar.increment(), done: () => bar.stop() };
}
