import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { repoRoot } from '../../bin/tools.mjs';

const workflowsEntry = join(repoRoot, 'workflows', 'src', 'index.ts');
// Workflow code plus the isomorphic engine parts it imports: their sources decide the bundle.
const sourceDirs = ['workflows/src', 'engine/src/interpreter', 'engine/src/journey', 'engine/src/nodes', 'engine/src/activities/types.ts'];

function hashSources(): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    else { hash.update(path); hash.update(readFileSync(path)); }
  };
  for (const dir of sourceDirs) if (existsSync(join(repoRoot, dir))) visit(join(repoRoot, dir));
  return hash.digest('hex').slice(0, 16);
}

/** The workflow bundle, built with the SDK's bundler and cached in `cacheDir` by source hash. */
export async function workflowBundle(cacheDir: string): Promise<{ code: string }> {
  const file = join(cacheDir, `workflow-bundle-${hashSources()}.js`);
  if (existsSync(file)) return { code: readFileSync(file, 'utf8') };
  const { code } = await bundleWorkflowCode({ workflowsPath: workflowsEntry, logger: quietLogger });
  writeFileSync(file, code);
  return { code };
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (message: string) => console.error(message), log: noop };
