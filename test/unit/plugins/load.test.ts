import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { loadPlugins, PluginError, pluginSpecs } from '../../../engine/src/plugins/index.ts';

const fixture = (name: string) => `./test/fixtures/plugins/${name}.ts`;
const load = (specs: string[]) => loadPlugins(defaultRegistry(), specs, repoRoot);

describe('loading plugins', () => {
  it('registers every node the example shop plugin exports, next to the built-ins', async () => {
    const registry = defaultRegistry();
    expect(await loadPlugins(registry, ['./templates/plugins/shop/index.ts'], repoRoot)).toEqual([
      { plugin: './templates/plugins/shop/index.ts', types: ['cart-abandoned', 'slack-message'] },
    ]);
    expect(registry.describe().find((d) => d.type === 'cart-abandoned')).toMatchObject({
      kind: 'trigger',
      source: 'plugin "./templates/plugins/shop/index.ts"',
      configSchema: { type: 'object', properties: { minValue: { type: 'number', default: 0 } } },
    });
  });

  it('loads a plugin folder file by file, each node once, so a new file is picked up on restart', async () => {
    const registry = defaultRegistry();
    expect(await loadPlugins(registry, ['./templates/plugins/shop'], repoRoot)).toEqual([
      { plugin: './templates/plugins/shop', types: ['cart-abandoned', 'slack-message'] },
    ]);
  });

  it.each([
    [
      'transform-schema',
      /Plugin "\.\/test\/fixtures\/plugins\/transform-schema\.ts" cannot be used: node type "shouting": its configSchema cannot be shown as a form/,
    ],
    [
      'not-an-object',
      /Plugin "\.\/test\/fixtures\/plugins\/not-an-object\.ts" cannot be used: node type "loose": its configSchema must be z\.object/,
    ],
    [
      'throws-on-load',
      /Plugin "\.\/test\/fixtures\/plugins\/throws-on-load\.ts" cannot be used: loading it threw Error: the SLACK_TOKEN variable is not set/,
    ],
    [
      'duplicate-type',
      /Plugin "\.\/test\/fixtures\/plugins\/duplicate-type\.ts" cannot be used: Node type "webhook" is registered twice: by built-in and by plugin/,
    ],
  ])('refuses the %s plugin, naming it and the reason', async (name, message) => {
    const loading = load([fixture(name)]);
    await expect(loading).rejects.toBeInstanceOf(PluginError);
    await expect(load([fixture(name)])).rejects.toThrow(message);
  });

  it('refuses a plugin that cannot be found', async () => {
    await expect(load(['boomerang-plugin-that-does-not-exist'])).rejects.toThrow(
      /Plugin "boomerang-plugin-that-does-not-exist" cannot be used: loading it threw/,
    );
  });

  it('refuses two plugins defining the same type, naming both', async () => {
    await expect(
      load(['./templates/plugins/shop/index.ts', './templates/plugins/shop/cart-abandoned.ts']),
    ).rejects.toThrow(
      /Node type "cart-abandoned" is registered twice: by plugin "\.\/templates\/plugins\/shop\/index\.ts" and by plugin "\.\/templates\/plugins\/shop\/cart-abandoned\.ts"/,
    );
  });
});

describe('boomerang.config.ts', () => {
  it('adds its plugins after those of BOOMERANG_PLUGINS', async () => {
    const root = mkdtempSync(join(tmpdir(), 'boomerang-config-'));
    writeFileSync(join(root, 'boomerang.config.js'), "export default { plugins: ['./shop.ts', 'from-env'] };\n");
    expect(await pluginSpecs(root, ['from-env'])).toEqual(['from-env', './shop.ts']);
  });

  it('stops start-up when it has the wrong shape', async () => {
    const root = mkdtempSync(join(tmpdir(), 'boomerang-config-'));
    writeFileSync(join(root, 'boomerang.config.js'), "export default { plugins: 'shop' };\n");
    await expect(pluginSpecs(root, [])).rejects.toThrow(/boomerang\.config\.js must export default \{ plugins: \[/);
  });

  it('is optional', async () => {
    expect(await pluginSpecs(mkdtempSync(join(tmpdir(), 'boomerang-config-')), ['a'])).toEqual(['a']);
  });
});
