import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { Arrow } from '../journey/flow.ts';

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** How many customers took an arrow, short enough to sit between two cards ("9500", "12.3K"). */
export const countLabel = (count: number): string => (count < 10_000 ? String(count) : compact.format(count));

/** An arrow with the number of customers who took it, in a label at its middle, between the cards' handles. */
export function CountEdge({
  id,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition,
  targetPosition,
  markerEnd,
  style,
  label,
}: EdgeProps<Arrow>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const count = Number(label ?? 0);
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd ? { markerEnd } : {})} {...(style ? { style } : {})} />
      <EdgeLabelRenderer>
        <div
          className="edge-count nodrag nopan"
          data-edge-id={id}
          title={`${count.toLocaleString('en')} customer(s) took this arrow`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {countLabel(count)}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
