import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../engine/bin/tools.mjs';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { loadPlugins } from '../../../engine/src/plugins/index.ts';
import { defaultConfig, fieldsOf } from '../../../editor/src/inspector/fields.ts';
import { described, widgetOf, widgets } from '../../support/node-forms.ts';

// The inspector forms of the action nodes (defineAction) and of a plugin's action, generated from the
// node list as GET /v1/nodes serves it. Expected widgets are hand-written from what each action does.

describe('each action gets the widgets its fields are for', () => {
  // Hand-written from what each node does; the "If it fails" select is every action's.
  it.each([
    [
      'send-email',
      [
        ['template', 'template'],
        ['subject', 'text'],
        ['sender', 'sender'],
        ['group', 'subscription-group'],
        ['retryForHours', 'number'],
        ['onFailure', 'select'],
      ],
    ],
    [
      'in-audience',
      [
        ['audienceId', 'audience'],
        ['onFailure', 'select'],
      ],
    ],
    [
      'update-customer',
      [
        ['set', 'pairs'],
        ['increment', 'pairs'],
        ['onFailure', 'select'],
      ],
    ],
    [
      'webhook',
      [
        ['url', 'text'],
        ['data', 'pairs'],
        ['timeoutSeconds', 'number'],
        ['onFailure', 'select'],
      ],
    ],
  ])('%s', (type, expected) => {
    expect(widgets(type)).toEqual(expected);
  });

  it('offers every action its "If it fails" setting, with the default its node type declares', () => {
    for (const type of ['send-email', 'update-customer', 'webhook']) {
      expect(fieldsOf(described[type]).find((f) => f.name === 'onFailure')).toMatchObject({
        kind: 'select',
        label: 'If it fails',
        options: ['continue', 'exit'],
      });
    }
    expect(defaultConfig(described['send-email'])).toMatchObject({ onFailure: 'continue', retryForHours: 24 });
    expect(defaultConfig(described['webhook'])).toMatchObject({ onFailure: 'exit' });
    expect(fieldsOf(described['delay']).some((f) => f.name === 'onFailure')).toBe(false);
  });

  it('starts a new customer update from the schema defaults', () => {
    expect(defaultConfig(described['update-customer'])).toEqual({ set: {}, increment: {}, onFailure: 'exit' });
  });

  it("gives a plugin's hinted field its widget: the shop's Slack message text is a long text", async () => {
    const registry = defaultRegistry();
    await loadPlugins(registry, ['./templates/plugins/shop/index.ts'], repoRoot);
    const slack = registry.describe().find((d) => d.type === 'slack-message');
    expect(fieldsOf(slack?.configSchema).map((f) => [f.name, widgetOf(f)])).toEqual([
      ['webhookUrl', 'text'],
      ['text', 'long text'],
      ['onFailure', 'select'],
    ]);
  });
});
