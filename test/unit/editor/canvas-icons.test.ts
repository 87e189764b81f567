import { icons, type LucideIcon } from 'lucide-react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NodeList } from '@boomerang/engine/api-shapes';
import { defaultRegistry } from '@boomerang/engine/nodes';
import { BUNDLED_ICONS } from '../../../editor/src/canvas/NodeIcon.tsx';
import { iconNameOf, pascalCaseOf } from '../../../editor/src/canvas/iconNames.ts';
import { kindOf } from '../../../editor/src/canvas/kinds.ts';
import { cartAbandoned, slackMessage } from '../../../templates/plugins/shop/index.ts';

// GET /v1/nodes as the editor receives it, parsed with the editor's own shape.
const { nodes } = NodeList.parse(JSON.parse(JSON.stringify({ nodes: defaultRegistry().describe() })));
const lucide: Readonly<Record<string, LucideIcon>> = icons;
/** An icon's SVG as drawn: the same markup means the same picture. */
const svgOf = (icon: LucideIcon | undefined) => (icon ? renderToStaticMarkup(createElement(icon)) : 'no such icon');

describe('node icons on the canvas and in the palette', () => {
  it('bundles a Lucide icon for every built-in node and both shop plugin nodes, none falling back', () => {
    const named = [...nodes.map((n) => n.icon), cartAbandoned.icon, slackMessage.icon];
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((icon) => !BUNDLED_ICONS[iconNameOf(icon)])).toEqual([]);
  });

  it("bundles, under each name, the very icon Lucide's own catalogue has under it", () => {
    for (const [name, icon] of Object.entries(BUNDLED_ICONS))
      expect(svgOf(icon), name).toBe(svgOf(lucide[pascalCaseOf(name)]));
  });

  it("reads the Slack node's glyph and a Lucide name written loosely as the same icons", () => {
    expect(iconNameOf('💬')).toBe('message-square');
    expect(iconNameOf('✉')).toBe('mail');
    expect(iconNameOf(' Shopping_Cart ')).toBe('shopping-cart');
    expect(pascalCaseOf('user-pen')).toBe('UserPen');
    expect(lucide[pascalCaseOf(iconNameOf('message square'))]).toBe(lucide['MessageSquare']);
  });
});

describe('step kinds, told apart by colour', () => {
  it('gives each palette group of the built-ins its own kind', () => {
    const byGroup = new Map(nodes.map((n) => [n.group, kindOf(n)]));
    expect(Object.fromEntries(byGroup)).toEqual({
      Triggers: 'trigger',
      Messages: 'message',
      Timing: 'timing',
      Logic: 'logic',
      Customer: 'customer',
      Integrations: 'integration',
    });
  });

  it("files a plugin's own group by whether its node is a trigger", () => {
    expect(kindOf({ group: 'Shop', kind: 'trigger' })).toBe('trigger');
    expect(kindOf({ group: 'Chat', kind: 'action' })).toBe('other');
    expect(kindOf(undefined)).toBe('other');
  });
});
