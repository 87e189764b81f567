import { useReactFlow } from '@xyflow/react';
import type { DragEvent } from 'react';
import { useCatalog } from '../api/catalog.ts';
import { defaultConfig } from '../inspector/fields.ts';
import { useJourney } from '../journey/store.ts';
import { kindOf } from './kinds.ts';
import { NodeIcon } from './NodeIcon.tsx';

/** The drag payload's type: the node type being dragged from the palette. */
export const PALETTE_DRAG_TYPE = 'application/x-boomerang-node';

/** Node types from GET /v1/nodes, grouped; click (or Enter) adds one in view, dragging places it. */
export function Palette() {
  const nodes = useCatalog((s) => s.nodes);
  const readOnly = useJourney((s) => s.readOnly);
  const flow = useReactFlow();
  const groups = [...new Set(nodes.map((n) => n.group))];
  if (readOnly) return null;

  const addInView = (type: string, schema: Record<string, unknown>) => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const offset = (useJourney.getState().nodes.length % 5) * 24;
    const at = pane
      ? flow.screenToFlowPosition({
          x: pane.left + pane.width / 2 - 120 + offset,
          y: pane.top + pane.height / 2 - 40 + offset,
        })
      : { x: 0, y: 0 };
    useJourney.getState().addNode(type, defaultConfig(schema), at);
  };
  const dragStart = (type: string) => (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <nav className="palette" aria-label="Palette">
      {groups.map((group) => (
        <section key={group} aria-label={group}>
          <h3>{group}</h3>
          {nodes
            .filter((n) => n.group === group)
            .map((n) => (
              <button
                type="button"
                key={n.type}
                className="palette-item"
                data-kind={kindOf(n)}
                draggable
                onDragStart={dragStart(n.type)}
                onClick={() => addInView(n.type, n.configSchema)}
                title={n.description}
              >
                <span className="palette-icon">
                  <NodeIcon icon={n.icon} size={16} />
                </span>
                {n.label}
              </button>
            ))}
        </section>
      ))}
    </nav>
  );
}
