import { messageOf } from '../errors/index.ts';
import { serve } from './serve.ts';

/** A `boomerang` command: one line of help and what it runs (modules load lazily, so one command cannot break another). */
interface Command {
  summary: string;
  run(args: string[]): Promise<void>;
}

// One entry per command, one line each, so that adding a command is a one-line change.
const commands: Record<string, Command> = {
  start: { summary: 'everything in one process (or the roles in BOOMERANG_ROLES)', run: () => serve() },
  api: { summary: 'only the HTTP API and editor (TEMPORAL_ADDRESS, DATABASE_URL)', run: () => serve('api') },
  worker: { summary: 'only the Temporal worker (TEMPORAL_ADDRESS, DATABASE_URL)', run: () => serve('worker') },
  router: { summary: 'only the event router (TEMPORAL_ADDRESS, DATABASE_URL)', run: () => serve('router') },
  'import-customers': {
    summary: '<file.csv>: import customers from a CSV file (--help for options)',
    run: async (args) => process.exit(await (await import('./import-customers.ts')).importCustomersCommand(args)),
  },
  dkim: {
    summary: 'generate [--selector s] [--domain d] [--out file]: write a DKIM key, print the DNS record',
    run: async (args) => process.exit((await import('./dkim.ts')).dkimCommand(args)),
  },
  journeys: {
    summary: 'pull|push|validate|diff|simulate: journeys as files in git (--help for options)',
    run: async (args) => process.exit(await (await import('./journeys/index.ts')).journeysCommand(args)),
  },
  migrate: {
    summary: '[--status]: apply the database migrations this version has (or list applied and pending)',
    run: async (args) => process.exit(await (await import('./migrate.ts')).migrateCommand(args)),
  },
  export: {
    summary: '<directory>: write every table to portable files with a manifest (moving, backups)',
    run: async (args) => process.exit(await (await import('./backup.ts')).exportCommand(args)),
  },
  import: {
    summary: '<directory> [--force]: load a `boomerang export` into an empty database',
    run: async (args) => process.exit(await (await import('./backup.ts')).importCommand(args)),
  },
  doctor: {
    summary: 'deliverability checks: DNS records to publish, sender alignment, templates, complaint rates',
    run: async () => process.exit(await (await import('./doctor.ts')).doctorCommand()),
  },
};

const usage = `Usage: boomerang <command>\n${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`)
  .join('\n')}`;

const [name = 'start', ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(usage);
  process.exit(2);
}
command.run(args).catch((error: unknown) => {
  console.error(`Boomerang could not ${name}: ${messageOf(error)}`);
  process.exit(1);
});
