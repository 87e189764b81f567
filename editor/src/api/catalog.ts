import { create } from 'zustand';
import { EventNames, NodeList, TemplateList, type NodeDescriptionShape } from '@boomerang/engine/api-shapes';
import { api } from './client.ts';

/** What the server knows that forms and the palette need: node types, templates, event names seen. */
interface Catalog {
  nodes: NodeDescriptionShape[];
  templates: Array<{ id: string; subject: string }>;
  events: string[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
}

/** The server's catalog, loaded once after sign-in and on demand. */
export const useCatalog = create<Catalog>((set) => ({
  nodes: [],
  templates: [],
  events: [],
  loaded: false,
  error: null,
  async load() {
    try {
      const [nodes, templates, events] = await Promise.all([
        api('GET', '/v1/nodes', NodeList),
        api('GET', '/v1/templates', TemplateList),
        api('GET', '/v1/event-names', EventNames),
      ]);
      set({
        nodes: nodes.nodes,
        templates: templates.templates,
        events: events.events.map((e) => e.event),
        loaded: true,
        error: null,
      });
    } catch (error) {
      set({ error: error instanceof Error ? error.message : String(error) });
    }
  },
}));

/** The description of one node type, from the server's list. */
export const describeNode = (nodes: readonly NodeDescriptionShape[], type: string): NodeDescriptionShape | undefined =>
  nodes.find((n) => n.type === type);
