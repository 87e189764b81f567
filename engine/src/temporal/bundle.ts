import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { bundleWorkflowCode } from '@temporalio/worker';
import { installPaths } from '../install/index.ts';

// The cache remembers which files webpack read to build the bundle (its file dependencies), so it is
// keyed on exactly what the workflow code imports, wherever that lives, and on nothing else.
const CachedBundle = z.object({ files: z.array(z.string()), hash: z.string(), code: z.string() });

function hashFiles(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update(existsSync(file) ? readFileSync(file) : 'missing');
  }
  return hash.digest('hex');
}

function readCache(file: string): { code: string } | undefined {
  if (!existsSync(file)) return undefined;
  const cached = CachedBundle.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!cached.success || hashFiles(cached.data.files) !== cached.data.hash) return undefined;
  return { code: cached.data.code };
}

/** Webpack's `done` hook as far as this module uses it. */
interface BundleCompiler {
  hooks: {
    done: { tap(name: string, fn: (stats: { compilation: { fileDependencies: Iterable<string> } }) => void): void };
  };
}

/**
 * The workflow bundle of `entry` (default: workflows/src/index.ts), built with the SDK's bundler and
 * cached in `cacheDir` until one of the files it was built from changes.
 */
export async function workflowBundle(
  cacheDir: string,
  entry: string = installPaths().workflows,
): Promise<{ code: string }> {
  const file = join(cacheDir, `workflow-bundle-${createHash('sha256').update(entry).digest('hex').slice(0, 12)}.json`);
  const cached = readCache(file);
  if (cached) return cached;
  let files: string[] = [];
  const recordInputs = {
    apply(compiler: BundleCompiler) {
      compiler.hooks.done.tap('boomerang-bundle-inputs', (stats) => {
        files = [...stats.compilation.fileDependencies].filter((f) => existsSync(f) && statSync(f).isFile()).sort();
      });
    },
  };
  const { code } = await bundleWorkflowCode({
    workflowsPath: entry,
    logger: quietLogger,
    webpackConfigHook: (config) => ({ ...config, plugins: [...(config.plugins ?? []), recordInputs] }),
  });
  writeFileSync(file, JSON.stringify({ files, hash: hashFiles(files), code }));
  return { code };
}

const noop = () => undefined;
const quietLogger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: (message: string) => console.error(message),
  log: noop,
};
