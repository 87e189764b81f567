import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { create } from 'zustand';
import type { Journey, JourneySettings } from '@boomerang/engine/journey';
import { copyFragment, freshId, pasteFragment, type Fragment } from './clipboard.ts';
import { arrowId, flowToJourney, journeyToFlow, toArrow, type Arrow, type StepNode } from './flow.ts';
import { record, redo, startHistory, undo, type History } from './history.ts';
import { directionOf, layoutJourney, type LayoutDirection } from './layout.ts';

type Meta = Omit<Journey, 'nodes' | 'edges'>;

/** The journey open on the canvas, its undo history and what is selected. */
export interface JourneyDocument {
  meta: Meta;
  nodes: StepNode[];
  edges: Arrow[];
  history: History<Journey>;
  /** Bumped on every committed edit; autosave and validation follow it. */
  revision: number;
  /** Bumped each time a journey is opened, so what is derived from the journey is derived again. */
  opened: number;
  readOnly: boolean;
  /** Which way the arrows run: read from the steps' places on opening, set by auto layout. */
  direction: LayoutDirection;
  clipboard: Fragment | null;
  open(journey: Journey, readOnly?: boolean): void;
  onNodesChange(changes: NodeChange<StepNode>[]): void;
  onEdgesChange(changes: EdgeChange<Arrow>[]): void;
  connect(connection: Connection): void;
  addNode(type: string, config: Record<string, unknown>, position: { x: number; y: number }): string;
  setConfig(nodeId: string, config: Record<string, unknown>): void;
  setMeta(meta: Partial<Meta> & { settings?: JourneySettings }): void;
  select(nodeId: string): void;
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  autoLayout(direction?: LayoutDirection): void;
}

/** The journey as the canvas shows it right now. */
export const currentJourney = (s: Pick<JourneyDocument, 'meta' | 'nodes' | 'edges'>): Journey =>
  flowToJourney(s.meta, s.nodes, s.edges);

const metaOf = ({ nodes: _n, edges: _e, ...meta }: Journey): Meta => meta;

/** The editor's document store: every edit goes through here so it can be undone and saved. */
export const useJourney = create<JourneyDocument>((set, get) => {
  let commitQueued = false;
  // One user action can arrive as several changes (deleting a node also removes its arrows):
  // they become one undo step by committing once, after the current task's changes.
  const commit = () => {
    if (commitQueued) return;
    commitQueued = true;
    queueMicrotask(() => {
      commitQueued = false;
      const s = get();
      set({ history: record(s.history, currentJourney(s)), revision: s.revision + 1 });
    });
  };
  const show = (journey: Journey, history: History<Journey>) => {
    const selected = new Set(
      get()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    );
    const { nodes, edges } = journeyToFlow(journey);
    set({
      meta: metaOf(journey),
      nodes: nodes.map((n) => (selected.has(n.id) ? { ...n, selected: true } : n)),
      edges,
      history,
      revision: get().revision + 1,
      direction: directionOf(journey.nodes, journey.edges),
    });
  };
  const editable = () => !get().readOnly;

  return {
    meta: { id: '', name: '', settings: { reEntry: 'never', exitOn: [], timezone: 'UTC' } },
    nodes: [],
    edges: [],
    history: startHistory({
      id: '',
      name: '',
      settings: { reEntry: 'never', exitOn: [], timezone: 'UTC' },
      nodes: [],
      edges: [],
    }),
    revision: 0,
    opened: 0,
    readOnly: false,
    direction: 'LR',
    clipboard: null,

    open(journey, readOnly = false) {
      const { nodes, edges } = journeyToFlow(journey);
      set({
        meta: metaOf(journey),
        nodes,
        edges,
        history: startHistory(journey),
        revision: 0,
        opened: get().opened + 1,
        readOnly,
        direction: directionOf(journey.nodes, journey.edges),
      });
    },
    onNodesChange(changes) {
      const allowed = editable() ? changes : changes.filter((c) => c.type === 'select' || c.type === 'dimensions');
      if (allowed.length === 0) return;
      set({ nodes: applyNodeChanges(allowed, get().nodes) });
      const edits = allowed.some(
        (c) =>
          c.type === 'remove' ||
          c.type === 'add' ||
          c.type === 'replace' ||
          (c.type === 'position' && c.dragging === false),
      );
      if (edits) commit();
    },
    onEdgesChange(changes) {
      const allowed = editable() ? changes : changes.filter((c) => c.type === 'select');
      if (allowed.length === 0) return;
      set({ edges: applyEdgeChanges(allowed, get().edges) });
      if (allowed.some((c) => c.type === 'remove' || c.type === 'add' || c.type === 'replace')) commit();
    },
    connect(connection) {
      if (!editable()) return;
      const branch = connection.sourceHandle ?? 'next';
      // A branch leads to one step: a new arrow from a branch replaces the old one.
      const others = get().edges.filter(
        (e) => !(e.source === connection.source && (e.sourceHandle ?? 'next') === branch),
      );
      const arrow = toArrow({ from: connection.source, to: connection.target, branch });
      set({ edges: addEdge({ ...arrow, id: arrowId(connection.source, branch, connection.target) }, others) });
      commit();
    },
    addNode(type, config, position) {
      const taken = new Set(get().nodes.map((n) => n.id));
      const id = freshId(type, taken);
      const node: StepNode = { id, type: 'step', position, data: { nodeType: type, config }, selected: true };
      set({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node] });
      commit();
      return id;
    },
    setConfig(nodeId, config) {
      if (!editable()) return;
      set({ nodes: get().nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config } } : n)) });
      commit();
    },
    setMeta(meta) {
      if (!editable()) return;
      set({ meta: { ...get().meta, ...meta } });
      commit();
    },
    select(nodeId) {
      set({
        nodes: get().nodes.map((n) => (n.selected === (n.id === nodeId) ? n : { ...n, selected: n.id === nodeId })),
      });
    },
    undo() {
      const history = undo(get().history);
      if (history !== get().history && editable()) show(history.present, history);
    },
    redo() {
      const history = redo(get().history);
      if (history !== get().history && editable()) show(history.present, history);
    },
    copy() {
      const s = get();
      const selected = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
      if (selected.size > 0) set({ clipboard: copyFragment(currentJourney(s), selected) });
    },
    paste() {
      const { clipboard, nodes, edges } = get();
      if (!clipboard || !editable()) return;
      const pasted = pasteFragment(clipboard, new Set(nodes.map((n) => n.id)), 40);
      const flow = journeyToFlow(pasted);
      set({
        nodes: [
          ...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
          ...flow.nodes.map((n) => ({ ...n, selected: true })),
        ],
        edges: [...edges, ...flow.edges],
        clipboard: pasted, // pasting again offsets again
      });
      commit();
    },
    autoLayout(direction = get().direction) {
      if (!editable()) return;
      const journey = currentJourney(get());
      // Cards are as tall as their content (counts, branch names): lay them out at the size they are drawn.
      const sizes = new Map(
        get().nodes.flatMap((n) =>
          n.measured?.width && n.measured.height
            ? [[n.id, { width: n.measured.width, height: n.measured.height }] as const]
            : [],
        ),
      );
      const positions = layoutJourney(journey.nodes, journey.edges, direction, sizes);
      set({ direction, nodes: get().nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) });
      commit();
    },
  };
});
