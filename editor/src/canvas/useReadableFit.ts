import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { boundsOf, readableViewport } from './readableFit.ts';

/** "Fit view" that never zooms out past readable: the whole journey if it fits, else its beginning. */
export function useReadableFit(): (options?: { duration?: number }) => void {
  const flow = useReactFlow();
  return useCallback(
    (options = {}) => {
      const nodes = flow.getNodes();
      const pane = document.querySelector('.canvas .react-flow');
      if (nodes.length === 0 || !pane) return;
      const { width, height } = pane.getBoundingClientRect();
      void flow.setViewport(readableViewport(boundsOf(nodes), width, height), options);
    },
    [flow],
  );
}
