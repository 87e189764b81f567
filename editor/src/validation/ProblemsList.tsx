import { useReactFlow } from '@xyflow/react';
import { useJourney } from '../journey/store.ts';
import { useProblems } from './problems.ts';

/** Every violation of the journey; clicking one selects its node and brings it into view. */
export function ProblemsList() {
  const violations = useProblems((s) => s.violations);
  const checking = useProblems((s) => s.checking);
  const flow = useReactFlow();
  const focus = (nodeId: string | null) => {
    if (nodeId === null) return;
    useJourney.getState().select(nodeId);
    void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2 });
  };
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        {violations.length === 0
          ? checking
            ? 'Checking…'
            : 'No problems'
          : `${violations.length} problem${violations.length > 1 ? 's' : ''}`}
      </h2>
      <ul>
        {violations.map((v, i) => (
          <li key={i}>
            {v.nodeId === null ? (
              <span>{v.message}</span>
            ) : (
              <button type="button" className="link" onClick={() => focus(v.nodeId)}>
                <b>{v.nodeId}</b>: {v.message}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
