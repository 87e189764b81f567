import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ImportReport } from '../customer-import/index.ts';

const usage = `Usage: boomerang import-customers <file.csv> [--map column=trait[:string|number|boolean|date] ...]
       [--ignore-unmapped] [--start-journeys] [--url http://localhost:3000] [--token <admin token>]
  The first line of the file names the columns; a userId (or user_id) or email column names the customer.
  Without --map every column becomes a text trait under its own name; with --map only the mapped ones
  (add --keep-unmapped to keep the others). --map column= skips a column. Imported customers start no
  journey unless --start-journeys is given. The admin token comes from --token, ADMIN_TOKEN or DATA_DIR/keys.json.`;

const StoredKeys = z.object({ adminToken: z.string() });

/** The admin token: the flag, the environment, or the keys file `boomerang start` wrote into DATA_DIR. */
export function adminToken(flag: string | undefined): string | undefined {
  if (flag) return flag;
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  const file = join(resolve(process.env.DATA_DIR ?? '.data'), 'keys.json');
  if (!existsSync(file)) return undefined;
  const keys = StoredKeys.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return keys.success ? keys.data.adminToken : undefined;
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** Counts the bytes streaming through and prints how far the upload is (a rewritten line on a terminal). */
function progress(total: number): Transform {
  let sent = 0;
  let shown = -1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sent += chunk.length;
      const percent = total > 0 ? Math.floor((sent / total) * 100) : 100;
      const step = process.stderr.isTTY ? percent : Math.floor(percent / 10) * 10;
      if (step !== shown) {
        shown = step;
        const line = `Sent ${megabytes(sent)} of ${megabytes(total)} (${percent}%)`;
        process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
      }
      done(null, chunk);
    },
    flush(done) {
      if (process.stderr.isTTY) process.stderr.write('\n');
      done();
    },
  });
}

/** Streams the file as the body of a POST to `url`, resolving to the answer's status and text. */
function upload(url: URL, file: string, token: string): Promise<{ status: number; body: string }> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    pipeline(createReadStream(file), progress(statSync(file).size), req).catch(reject);
  });
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The query of an import: each --map as map.<column>=<trait>[:type], and the switches. */
function queryOf(values: {
  map?: string[];
  'start-journeys'?: boolean;
  'ignore-unmapped'?: boolean;
  'keep-unmapped'?: boolean;
}): URLSearchParams | string {
  const query = new URLSearchParams();
  for (const pair of values.map ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return `--map ${pair}: write column=trait (or column=trait:number, column= to skip it)`;
    query.append(`map.${pair.slice(0, eq)}`, pair.slice(eq + 1));
  }
  if (values['keep-unmapped']) query.set('unmapped', 'keep');
  if (values['ignore-unmapped']) query.set('unmapped', 'ignore');
  query.set('startJourneys', values['start-journeys'] ? 'true' : 'false');
  return query;
}

/** `boomerang import-customers`: streams a CSV file to POST /v1/customers/import and prints what it did; resolves to the exit code. */
export async function importCustomersCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        map: { type: 'string', multiple: true },
        'start-journeys': { type: 'boolean' },
        'ignore-unmapped': { type: 'boolean' },
        'keep-unmapped': { type: 'boolean' },
        url: { type: 'string' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [file] = positionals;
  if (values.help || !file || positionals.length > 1) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    console.error(`${file}: no such file`);
    return 2;
  }
  const query = queryOf(values);
  if (typeof query === 'string') {
    console.error(query);
    return 2;
  }
  const token = adminToken(values.token);
  if (!token) {
    console.error('No admin token: pass --token, set ADMIN_TOKEN, or run this where DATA_DIR/keys.json is');
    return 2;
  }
  const base = (values.url ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/$/, '');
  let res: { status: number; body: string };
  try {
    res = await upload(new URL(`${base}/v1/customers/import?${query.toString()}`), file, token);
  } catch (error) {
    console.error(`Cannot reach Boomerang at ${base}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const answer = parsedJson(res.body);
  const report = ImportReport.safeParse(answer);
  if (res.status !== 200 || !report.success) {
    const Refusal = z.object({
      error: z.object({
        message: z.string(),
        problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      }),
    });
    const refusal = Refusal.safeParse(answer);
    console.error(
      `The import was refused (${res.status}): ${refusal.success ? refusal.data.error.message : JSON.stringify(answer)}`,
    );
    for (const p of refusal.success ? (refusal.data.error.problems ?? []) : [])
      console.error(`  ${p.path}: ${p.message}`);
    return 1;
  }
  const r = report.data;
  console.log(
    `Imported ${r.imported}, unchanged ${r.unchanged}, failed ${r.failed}${r.startedJourneys ? '' : ' (stored as history: no journey started)'}`,
  );
  for (const e of r.errors) console.log(`  line ${e.line}${e.column ? `, column ${e.column}` : ''}: ${e.message}`);
  if (r.moreErrors > 0) console.log(`  ... and ${r.moreErrors} more failed lines`);
  if (r.ignoredColumns.length > 0) console.log(`Ignored columns: ${r.ignoredColumns.join(', ')}`);
  return r.failed > 0 ? 1 : 0;
}
