import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type EdgeTypes, type NodeTypes } from '@xyflow/react';
import { useMemo, useRef, type DragEvent } from 'react';
import { useStats } from '../stats/stats.ts';
import { describeNode, useCatalog } from '../api/catalog.ts';
import { defaultConfig } from '../inspector/fields.ts';
import { useJourney } from '../journey/store.ts';
import { PALETTE_DRAG_TYPE } from './Palette.tsx';
import { CountEdge } from './CountEdge.tsx';
import { READABLE_ZOOM } from './readableFit.ts';
import { StepView } from './StepView.tsx';
import { useReadableFit } from './useReadableFit.ts';
import { useShortcuts } from './useShortcuts.ts';

const nodeTypes: NodeTypes = { step: StepView };
const edgeTypes: EdgeTypes = { counted: CountEdge };

/** The journey canvas: React Flow over the document store. */
export function Canvas() {
  const nodes = useJourney((s) => s.nodes);
  const plainEdges = useJourney((s) => s.edges);
  const arrowCounts = useStats((s) => s.arrows);
  // Simulated counts ride on the arrows as labels; the document's arrows stay label-free.
  const edges = useMemo(
    () =>
      Object.keys(arrowCounts).length === 0
        ? plainEdges
        : plainEdges.map((e) => ({ ...e, type: 'counted', label: String(arrowCounts[e.id] ?? 0) })),
    [plainEdges, arrowCounts],
  );
  const readOnly = useJourney((s) => s.readOnly);
  const catalog = useCatalog((s) => s.nodes);
  const flow = useReactFlow();
  const openedEmpty = useRef(nodes.length === 0);
  const fit = useReadableFit();
  useShortcuts();

  const drop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
    const description = describeNode(catalog, type);
    if (!description || readOnly) return;
    event.preventDefault();
    const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    useJourney.getState().addNode(type, defaultConfig(description.configSchema), { x: at.x - 120, y: at.y - 40 });
  };
  return (
    <div
      className="canvas"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={drop}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={(c) => useJourney.getState().onNodesChange(c)}
        onEdgesChange={(c) => useJourney.getState().onEdgesChange(c)}
        onConnect={(c) => useJourney.getState().connect(c)}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        // Opened at a readable fit; a blank canvas must not jump to fit the first step dropped on it.
        onInit={() => {
          if (!openedEmpty.current) fit();
        }}
        minZoom={0.1}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: false }}
        ariaLabelConfig={{
          'node.a11yDescription.default': 'Press Enter or Space to select this step; arrow keys move it.',
        }}
      >
        <Background gap={20} />
        <MiniMap pannable zoomable ariaLabel="Mini map" />
        <Controls showInteractive={false} fitViewOptions={{ minZoom: READABLE_ZOOM, maxZoom: 1 }} />
      </ReactFlow>
    </div>
  );
}
