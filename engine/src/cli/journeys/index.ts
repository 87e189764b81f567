import { parseArgs } from 'node:util';
import { connect, connectionOptions, journeyFiles, JourneysCliError, JourneysClientUsage } from './client.ts';
import { diff } from './diff.ts';
import { pull } from './pull.ts';
import { push } from './push.ts';
import { simulateFile } from './simulate.ts';
import { validate } from './validate.ts';

const usage = `Usage: boomerang journeys <command> [--url http://localhost:3000] [--token <admin token>]
  pull [--dir journeys] [id...]         write each journey's draft to <dir>/<id>.json (stable JSON)
  push [--dir journeys] [id...] [--publish]
                                        validate each file, save the valid ones as drafts (and publish)
  validate [file...]                    the server's validation of each file (default: every file in --dir)
  diff [--dir journeys] [id...]         what push would change; exit 1 when anything would
  simulate <file> [--customers 1000] [--seed 1] [--days 30] [--expect expect.json]
                                        run the journey over synthetic customers; check the expected counts
  The server is --url or BOOMERANG_URL; the token --token, ADMIN_TOKEN or DATA_DIR/keys.json.`;

const options = {
  ...connectionOptions,
  publish: { type: 'boolean' },
  customers: { type: 'string' },
  seed: { type: 'string' },
  days: { type: 'string' },
  expect: { type: 'string' },
} as const;

/** A whole number flag, or the usage mistake it is. */
function wholeNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text)) throw new JourneysClientUsage(`--${flag} ${text}: give a whole number`);
  return Number(text);
}

/** `boomerang journeys <pull|push|validate|diff|simulate>`: journeys as files in git; resolves to the exit code. */
export async function journeysCommand(args: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
    const [sub, ...rest] = positionals;
    if (values.help || !sub) {
      console.error(usage);
      return values.help ? 0 : 2;
    }
    const dir = values.dir ?? 'journeys';
    if (sub === 'pull') return await pull(connect(values), dir, rest);
    if (sub === 'push') return await push(connect(values), journeyFiles(dir, rest), values.publish ?? false);
    if (sub === 'validate') return await validate(connect(values), journeyFiles(dir, rest));
    if (sub === 'diff') return await diff(connect(values), journeyFiles(dir, rest));
    if (sub === 'simulate' && rest.length === 1 && rest[0])
      return await simulateFile(connect(values), rest[0], {
        customers: wholeNumber('customers', values.customers, 1000),
        seed: wholeNumber('seed', values.seed, 1),
        days: wholeNumber('days', values.days, 30),
        ...(values.expect ? { expect: values.expect } : {}),
      });
    console.error(usage);
    return 2;
  } catch (error) {
    if (error instanceof JourneysCliError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof JourneysClientUsage || (error instanceof TypeError && 'code' in error)) {
      console.error(`${error.message}\n${usage}`);
      return 2;
    }
    throw error;
  }
}
