import type { z } from 'zod';
import { z as zod } from 'zod';
import { onFailureSetting, type NodeDefinition, type OnFailure } from './define.ts';
import { messageOf } from '../errors/index.ts';

/** The reader of an action's `onFailure` setting, per default, built once (see onFailureSetting). */
const SETTING_READERS = {
  continue: zod.object({ onFailure: onFailureSetting({ onFailure: 'continue' }) }),
  exit: zod.object({ onFailure: onFailureSetting({ onFailure: 'exit' }) }),
};

/** A node's config read for the installed version of its type: parsed, or why it cannot be. */
export type ConfigResult<S extends z.ZodObject = z.ZodObject> =
  | { ok: true; config: z.infer<S>; migratedFrom: number | null }
  | { ok: false; problem: 'outdated-node-version' | 'newer-node-version'; message: string }
  | { ok: false; problem: 'invalid-config'; issues: z.core.$ZodIssue[] };

/**
 * Reads a saved node's config for the installed definition. A config saved under an older version
 * goes through the definition's `migrate`; without one it is refused, never misread. A node without
 * a version is taken to be saved under the current one.
 */
export function configFor<S extends z.ZodObject>(
  def: NodeDefinition<S>,
  node: { version?: number | undefined; config: Record<string, unknown> },
): ConfigResult<S> {
  const saved = node.version ?? def.version;
  if (saved > def.version) {
    return {
      ok: false,
      problem: 'newer-node-version',
      message: `was saved with version ${saved} of "${def.type}", but version ${def.version} is installed here; update the plugin that provides it`,
    };
  }
  let raw = node.config;
  if (saved < def.version) {
    if (!def.migrate) {
      return {
        ok: false,
        problem: 'outdated-node-version',
        message: `was saved with version ${saved} of "${def.type}", and version ${def.version} cannot read it; open the node and set it up again`,
      };
    }
    try {
      raw = def.migrate(node.config, saved);
    } catch (error) {
      return {
        ok: false,
        problem: 'outdated-node-version',
        message: `was saved with version ${saved} of "${def.type}", and moving it to version ${def.version} failed: ${messageOf(error)}`,
      };
    }
  }
  const migratedFrom = saved < def.version ? saved : null;
  if (def.kind !== 'action') {
    const parsed = def.configSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, problem: 'invalid-config', issues: parsed.error.issues };
    return { ok: true, config: parsed.data, migratedFrom };
  }
  // An action's `onFailure` is the engine's setting, not the node's: read apart, so strict node schemas never see it.
  const { onFailure: _saved, ...own } = raw;
  const parsed = def.configSchema.safeParse(own);
  const setting = SETTING_READERS[def.onFailure ?? 'exit'].safeParse({ onFailure: node.config['onFailure'] });
  const issues = [...(parsed.success ? [] : parsed.error.issues), ...(setting.success ? [] : setting.error.issues)];
  if (!parsed.success || !setting.success) return { ok: false, problem: 'invalid-config', issues };
  const onFailure: OnFailure = setting.data.onFailure;
  return { ok: true, config: { ...parsed.data, onFailure }, migratedFrom };
}
