import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileTemplateStore } from '../../../engine/src/email/index.ts';
import { compile, Journey, validateGraph } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';

const dir = fileURLToPath(new URL('../../../templates/journeys/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('the starter journeys', () => {
  it('are the whole starter library', () => {
    expect(files).toEqual([
      'drip-cadence-test.json',
      'lapsed-win-back.json',
      'loyalty.json',
      'nps-feedback.json',
      'onboarding.json',
      'post-purchase-education.json',
      'upsell-cross-sell.json',
      'win-back.json',
    ]);
  });

  it.each(files)('%s is valid, uses only existing email templates, and compiles', async (file) => {
    const raw: unknown = JSON.parse(readFileSync(`${dir}${file}`, 'utf8'));
    const registry = defaultRegistry();
    const templates = new Set((await new FileTemplateStore().list()).map((t) => t.id));
    expect(validateGraph(raw, { registry, templates })).toEqual([]);
    const plan = compile(Journey.parse(raw), { registry, version: 1 });
    expect(plan.entry).not.toBeNull();
    for (const template of plan.templates) expect(templates).toContain(template);
  });
});
