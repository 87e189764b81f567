import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Temporal CLI (it runs the embedded dev server) could not be found. */
export class TemporalCliMissing extends Error {}

const versionOf = (dir: string) => dir.slice('temporal-'.length).split('.').map(Number);
const newerFirst = (a: string, b: string) => {
  const [x, y] = [versionOf(a), versionOf(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
};

/**
 * Path of the Temporal CLI: $TEMPORAL_CLI, `temporal` on PATH, or the newest one the setup script
 * (engine/bin/ensure-setup.mjs, run by `npm start`) cached in `toolsDir`; throws saying how to get one.
 */
export function findTemporalCli(toolsDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_CLI) return env.TEMPORAL_CLI;
  for (const dir of (env.PATH ?? '').split(delimiter))
    if (dir && existsSync(join(dir, 'temporal'))) return join(dir, 'temporal');
  const cached = existsSync(toolsDir)
    ? readdirSync(toolsDir)
        .filter((d) => /^temporal-\d+(\.\d+)*$/.test(d))
        .sort(newerFirst)
    : [];
  for (const dir of cached) if (existsSync(join(toolsDir, dir, 'temporal'))) return join(toolsDir, dir, 'temporal');
  throw new TemporalCliMissing(
    `The Temporal CLI was not found (TEMPORAL_CLI, PATH, ${toolsDir}); run "node engine/bin/ensure-setup.mjs" to install it, or set TEMPORAL_ADDRESS to use a running Temporal`,
  );
}
