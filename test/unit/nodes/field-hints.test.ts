import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { defineFlow, withHints } from '../../../engine/src/index.ts';
import { createRegistry, defaultRegistry, FieldHintError, fieldHintProblems } from '../../../engine/src/nodes/index.ts';
import { loadPlugins, PluginError } from '../../../engine/src/plugins/index.ts';

// Field hints are zod metadata: they must reach the JSON Schema GET /v1/nodes serves, and a hint the
// editor cannot follow must stop a node type at registration, naming the node and the field.

const flow = (configSchema: z.ZodObject) =>
  defineFlow({
    type: 'hinted',
    version: 1,
    label: 'Hinted',
    group: 'Logic',
    icon: 'zap',
    description: 'test',
    configSchema,
    summary: () => 'hinted',
    toStep: (_c, ctx) => ({ kind: 'exit', id: ctx.nodeId }),
  });

describe('withHints', () => {
  it('puts the widget and showWhen into the JSON Schema, beside the title and default', () => {
    const schema = z.object({
      mode: z.enum(['a', 'b']).default('a'),
      who: withHints(z.string().meta({ title: 'Whose birthday' }), {
        widget: 'trait',
        showWhen: { field: 'mode', equals: 'b' },
      }).default('createdAt'),
    });
    expect(z.toJSONSchema(schema, { io: 'input' }).properties?.['who']).toEqual({
      type: 'string',
      title: 'Whose birthday',
      default: 'createdAt',
      widget: 'trait',
      showWhen: { field: 'mode', equals: 'b' },
    });
  });

  it('keeps the schema and its type as they were, and leaves the original schema without hints', () => {
    const plain = z.string().min(1);
    const hinted = withHints(plain, { widget: 'event' });
    expectTypeOf(hinted).toEqualTypeOf<z.ZodString>();
    expect(hinted.safeParse('').success).toBe(false);
    expect(z.toJSONSchema(plain)).not.toHaveProperty('widget');
  });

  it('refuses a widget that does not exist, when the definition is built', () => {
    // @ts-expect-error "colour-wheel" is not a widget
    expect(() => withHints(z.string(), { widget: 'colour-wheel' })).toThrow(/widget/);
  });
});

describe('fieldHintProblems', () => {
  it('finds nothing wrong with the hints of any built-in node', () => {
    expect(
      defaultRegistry()
        .describe()
        .flatMap((d) => fieldHintProblems(d.configSchema)),
    ).toEqual([]);
  });

  it.each([
    [
      { shade: { type: 'string', widget: 'colour-wheel' } },
      'config field "shade" asks for the widget "colour-wheel", which does not exist (there are event, events, trait, template, sender, audience, subscription-group, duration, filters, weekdays, multiline, email-step)',
    ],
    [
      { wait: { type: 'string', widget: 'duration' } },
      'config field "wait" asks for the "duration" widget, which edits an object, but the field is a string',
    ],
    [
      { email: { type: 'number', widget: 'email-step' } },
      'config field "email" asks for the "email-step" widget, which edits a string, but the field is a number',
    ],
    [
      { days: { type: 'integer', widget: 'weekdays' } },
      'config field "days" asks for the "weekdays" widget, which edits an array, but the field is an integer',
    ],
    [
      { time: { type: 'string', showWhen: { field: 'mode', equals: 'at' } } },
      'config field "time" is shown when "mode" equals "at", but there is no other field "mode" beside it',
    ],
    [
      { mode: { type: 'string', showWhen: { field: 'mode', equals: 'at' } } },
      'config field "mode" is shown when "mode" equals "at", but there is no other field "mode" beside it',
    ],
    [
      {
        mode: { enum: ['now', 'later'] },
        time: { type: 'string', showWhen: { field: 'mode', equals: ['later', 'at'] } },
      },
      'config field "time" is shown when "mode" equals ["later","at"], which is not among its choices ("now", "later")',
    ],
    [
      { time: { type: 'string', showWhen: { field: 'mode' } }, mode: { type: 'string' } },
      'config field "time" has a showWhen that is not { field, equals } with a text, number or true/false (or a list of them) to equal',
    ],
  ])('reports %j', (properties, problem) => {
    expect(fieldHintProblems({ type: 'object', properties })).toEqual([problem]);
  });

  it('names a field deep in groups and list items by its path', () => {
    const schema = {
      type: 'object',
      properties: {
        goal: {
          type: 'object',
          properties: {
            rules: {
              type: 'array',
              items: { type: 'object', properties: { who: { type: 'number', widget: 'trait' } } },
            },
          },
        },
      },
    };
    expect(fieldHintProblems(schema)).toEqual([
      'config field "goal.rules[].who" asks for the "trait" widget, which edits a string, but the field is a number',
    ]);
  });
});

describe('registering a node with hints the editor cannot follow', () => {
  it('throws, naming the node type, where it comes from and the field', () => {
    const bad = flow(z.object({ wait: z.string().meta({ widget: 'duration' }) }));
    expect(() => createRegistry().register(bad, 'plugin "./mine.ts"')).toThrow(FieldHintError);
    expect(() => createRegistry().register(bad, 'plugin "./mine.ts"')).toThrow(
      'Node type "hinted" (plugin "./mine.ts"): config field "wait" asks for the "duration" widget, which edits an object, but the field is a string',
    );
  });

  it('registers a node whose hints fit', () => {
    const good = flow(
      z.object({
        mode: z.enum(['a', 'b']),
        who: withHints(z.string(), { widget: 'trait', showWhen: { field: 'mode', equals: 'a' } }),
      }),
    );
    const registry = createRegistry();
    registry.register(good);
    expect(registry.get('hinted')).toBe(good);
  });

  it('stops a plugin asking for an unknown widget at start-up, naming the plugin and the field', async () => {
    const loading = loadPlugins(defaultRegistry(), ['./test/fixtures/plugins/unknown-widget.ts'], repoRoot);
    await expect(loading).rejects.toBeInstanceOf(PluginError);
    await expect(
      loadPlugins(defaultRegistry(), ['./test/fixtures/plugins/unknown-widget.ts'], repoRoot),
    ).rejects.toThrow(
      'Plugin "./test/fixtures/plugins/unknown-widget.ts" cannot be used: Node type "colourful" (plugin "./test/fixtures/plugins/unknown-widget.ts"): config field "rules[].shade" asks for the widget "colour-wheel"',
    );
  });
});
