import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, Journey, validateGraph } from '../../../engine/src/journey/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';

const dir = fileURLToPath(new URL('../../../templates/journeys/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('the starter journeys', () => {
  it.each(files)('%s is valid and compiles', (file) => {
    const raw: unknown = JSON.parse(readFileSync(`${dir}${file}`, 'utf8'));
    const registry = defaultRegistry();
    expect(validateGraph(raw, { registry })).toEqual([]);
    expect(compile(Journey.parse(raw), { registry, version: 1 }).entry).not.toBeNull();
  });
});
