import type { Rect, Viewport } from '@xyflow/react';
import { NODE_SIZE } from '../journey/layout.ts';

/** Step titles are 18 px: at this zoom they are drawn at 11 px, the smallest a marketer reads comfortably. */
export const READABLE_ZOOM = 0.62;
const PADDING = 24;

/**
 * The viewport that shows a journey whole when it fits at a readable zoom (no closer than 1:1), and
 * otherwise its beginning (the left or top edge, where the trigger stands) at the readable zoom.
 * @example readableViewport({ x: 0, y: 0, width: 400, height: 100 }, 1000, 500) // { x: 300, y: 200, zoom: 1 }
 */
export function readableViewport(bounds: Rect, width: number, height: number): Viewport {
  const fit = Math.min(
    (width - 2 * PADDING) / Math.max(bounds.width, 1),
    (height - 2 * PADDING) / Math.max(bounds.height, 1),
  );
  const zoom = Math.min(1, Math.max(READABLE_ZOOM, fit));
  const along = (start: number, size: number, room: number) =>
    size * zoom <= room - 2 * PADDING ? (room - size * zoom) / 2 - start * zoom : PADDING - start * zoom;
  return { x: along(bounds.x, bounds.width, width), y: along(bounds.y, bounds.height, height), zoom };
}

/**
 * The box around every step: measured sizes where React Flow has drawn the card, the layout's card size
 * where it has not yet (steps outside the view are not drawn).
 * @example boundsOf([{ position: { x: 0, y: 0 } }]) // { x: 0, y: 0, width: 200, height: 110 }
 */
export function boundsOf(
  nodes: ReadonlyArray<{ position: { x: number; y: number }; measured?: { width?: number; height?: number } }>,
): Rect {
  if (nodes.length === 0) return { x: 0, y: 0, width: 0, height: 0 };
  const boxes = nodes.map((n) => ({
    x: n.position.x,
    y: n.position.y,
    right: n.position.x + (n.measured?.width ?? NODE_SIZE.width),
    bottom: n.position.y + (n.measured?.height ?? NODE_SIZE.height),
  }));
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return {
    x,
    y,
    width: Math.max(...boxes.map((b) => b.right)) - x,
    height: Math.max(...boxes.map((b) => b.bottom)) - y,
  };
}
