import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { brokenImportRules, type BrokenRule } from './import-graph.ts';
import { sqlOutside } from './sql-outside-db.ts';

// The engine's layers, lowest first: a folder may import the ones before it, never one after it.
const layers = ['model', 'interpreter', 'nodes', 'compiler'];

const shown = (broken: BrokenRule[]) => broken.map((b) => `${b.rule}: ${b.from} -> ${b.to}${b.loop.length ? ` (${b.loop.join(' > ')})` : ''}`);

describe('the import graph', () => {
  it('has no circle of files in engine/src or workflows/src', async () => {
    const broken = await brokenImportRules(['engine/src', 'workflows/src'], [{ name: 'no-file-circle', severity: 'error', from: {}, to: { circular: true } }]);
    expect(shown(broken)).toEqual([]);
  }, 60_000);

  it('has no loop between two folders of engine/src, directly or round other folders', async () => {
    const broken = await brokenImportRules(['engine/src'], [{ name: 'no-folder-loop', severity: 'error', scope: 'folder', from: {}, to: { circular: true } }]);
    expect(shown(broken)).toEqual([]);
  }, 60_000);

  it('keeps model, interpreter, nodes and compiler in layers: none imports a folder above it', async () => {
    const rules = layers.slice(0, -1).map((layer, i) => ({
      name: `${layer}-below-${layers.slice(i + 1).join('-')}`, severity: 'error' as const,
      from: { path: `^engine/src/${layer}/` }, to: { path: `^engine/src/(${layers.slice(i + 1).join('|')})/` },
    }));
    // The model is the floor: it imports nothing else of the engine.
    rules.push({ name: 'model-imports-no-engine-folder', severity: 'error', from: { path: '^engine/src/model/' }, to: { path: '^engine/src/(?!model/)' } });
    const broken = await brokenImportRules(['engine/src'], rules);
    expect(shown(broken)).toEqual([]);
  }, 60_000);
});

describe('the database', () => {
  it('is reached through engine/src/db only: no SQL anywhere else in engine/src', () => {
    const engine = fileURLToPath(new URL('../../../engine/src', import.meta.url));
    const found = sqlOutside(engine, (file) => file.startsWith(`${engine}/db/`));
    expect(found.map((s) => `${s.file.slice(engine.length + 1)}:${s.line} ${s.text}`)).toEqual([]);
  });
});
