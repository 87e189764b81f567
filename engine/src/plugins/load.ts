import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { NodeRegistry } from '../nodes/index.ts';
import { asDefinition, definitionProblem, looksLikeNode } from './check.ts';
import { messageOf } from '../errors/index.ts';

/** A plugin that cannot be used; the message names the plugin and the reason, and start-up stops. */
export class PluginError extends Error {}

/** What `boomerang.config.ts` (or .js/.mjs) at the root exports by default. */
export const BoomerangConfigFile = z.object({ plugins: z.array(z.string().min(1)).default([]) });

const CONFIG_FILES = ['boomerang.config.ts', 'boomerang.config.js', 'boomerang.config.mjs'];

const isPath = (spec: string) => spec.startsWith('.') || isAbsolute(spec);

/** Imports a plugin by path (relative to `root`) or by package name. */
async function importSpec(spec: string, root: string): Promise<Record<string, unknown>> {
  return (await import(isPath(spec) ? pathToFileURL(resolve(root, spec)).href : spec)) as Record<string, unknown>;
}

const MODULE_FILE = /^(?!.*\.(test|spec|d)\.[cm]?[jt]s$).*\.(ts|js|mjs)$/;

/**
 * The modules of a plugin: one module (a file or a package), or, for a folder without package.json,
 * every .ts/.js/.mjs file in it (tests and type declarations aside): drop a file in and restart.
 */
async function importPlugin(spec: string, root: string): Promise<Array<Record<string, unknown>>> {
  const path = resolve(root, spec);
  if (isPath(spec) && existsSync(path) && statSync(path).isDirectory() && !existsSync(join(path, 'package.json'))) {
    const files = readdirSync(path)
      .filter((name) => MODULE_FILE.test(name))
      .sort();
    const modules: Array<Record<string, unknown>> = [];
    for (const file of files) modules.push(await importSpec(join(path, file), root));
    return modules;
  }
  return [await importSpec(spec, root)];
}

/** The plugin modules to load: BOOMERANG_PLUGINS first, then the `plugins` of boomerang.config.* in `root`. */
export async function pluginSpecs(root: string, fromEnv: readonly string[]): Promise<string[]> {
  const file = CONFIG_FILES.map((name) => join(root, name)).find((path) => existsSync(path));
  if (!file) return [...fromEnv];
  let exported: unknown;
  try {
    exported = (await importSpec(file, root))['default'];
  } catch (error) {
    throw new PluginError(`${file} could not be loaded: ${messageOf(error)}`);
  }
  const parsed = BoomerangConfigFile.safeParse(exported);
  if (!parsed.success)
    throw new PluginError(
      `${file} must export default { plugins: ['./path/to/plugin', 'npm-package'] }: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return [...new Set([...fromEnv, ...parsed.data.plugins])];
}

/** The node definitions a plugin's modules export: default exports (one or a list), `nodes` lists, or named exports; each once. */
function exportedNodes(modules: ReadonlyArray<Record<string, unknown>>): unknown[] {
  const found = new Set<unknown>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (looksLikeNode(value)) found.add(value);
  };
  for (const module of modules) for (const value of Object.values(module)) visit(value);
  return [...found];
}

/** Loads every plugin and registers its nodes on `registry`; throws PluginError naming the plugin and the reason. */
export async function loadPlugins(
  registry: NodeRegistry,
  specs: readonly string[],
  root: string,
): Promise<Array<{ plugin: string; types: string[] }>> {
  const loaded: Array<{ plugin: string; types: string[] }> = [];
  for (const spec of specs) {
    const fail = (reason: string) => new PluginError(`Plugin "${spec}" cannot be used: ${reason}`);
    let modules: Array<Record<string, unknown>>;
    try {
      modules = await importPlugin(spec, root);
    } catch (error) {
      throw fail(`loading it threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
    const nodes = exportedNodes(modules);
    if (nodes.length === 0)
      throw fail('it exports no node definitions (export the results of defineTrigger / defineAction / defineFlow)');
    const types: string[] = [];
    for (const candidate of nodes) {
      if (!looksLikeNode(candidate)) continue;
      const problem = definitionProblem(candidate);
      if (problem) throw fail(problem);
      try {
        registry.register(asDefinition(candidate), `plugin "${spec}"`);
      } catch (error) {
        throw fail(messageOf(error));
      }
      types.push(String(candidate['type']));
    }
    loaded.push({ plugin: spec, types });
  }
  return loaded;
}
