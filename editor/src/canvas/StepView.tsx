import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeNode, useCatalog } from '../api/catalog.ts';
import type { StepNode } from '../journey/flow.ts';
import { useStats } from '../stats/stats.ts';
import { summaryOf } from '../validation/check.ts';
import { useProblems } from '../validation/problems.ts';
import { branchesOf } from './branches.ts';
import { useJourney } from '../journey/store.ts';
import { kindOf } from './kinds.ts';
import { NodeIcon } from './NodeIcon.tsx';
import { EmailRates } from './EmailRates.tsx';

// Left-to-right, the ways out stand beside the card's body, below its title, so their names never cover it.
const HEAD_HEIGHT = 44;

/** The one node component: icon and colour of its kind, label, a one-line summary, problems, counts, and one handle per branch. */
export const StepView = memo(function StepView({ id, data, selected }: NodeProps<StepNode>) {
  const description = useCatalog((s) => describeNode(s.nodes, data.nodeType));
  const problems = useProblems((s) => s.byNode.get(id));
  // Polled counts arrive as new objects every few seconds: re-render only when a number changed.
  const counts = useStats(
    useShallow((s) => {
      const c = s.counts[id];
      return c && { entered: c.entered, waiting: c.waiting, exited: c.exited, failed: c.failed };
    }),
  );
  const branches = branchesOf(description, data.config);
  const across = useJourney((s) => s.direction) === 'LR';
  // Handles named by the config come and go as variants are edited; React Flow must measure them again.
  // Not on mount: React Flow measures new nodes itself, and measuring again then upsets fit-view on opening.
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = `${across ? 'LR' : 'TB'}\n${branches.join('\n')}`;
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [id, handleKey, updateNodeInternals]);
  const label = description?.label ?? data.nodeType;
  const serverSummary = useProblems((s) => s.serverSummaries[id]);
  const summary =
    summaryOf(data.nodeType, data.config) ??
    serverSummary ??
    (problems ? 'Needs setting up' : (description?.description ?? ''));
  const tooltip = problems?.map((p) => p.message).join('\n');
  return (
    <div
      className={`step step-${across ? 'across' : 'down'}${problems ? ' step-invalid' : ''}${selected ? ' step-selected' : ''}`}
      data-kind={kindOf(description)}
      // Branch handles stay a label's height apart, however many ways out a step has.
      style={across && branches.length > 3 ? { minHeight: (branches.length + 1) * 24 } : undefined}
      title={tooltip}
      role="group"
      aria-label={`${label} ${id}${problems ? `, ${problems.length} problem${problems.length > 1 ? 's' : ''}` : ''}`}
      data-node-id={id}
      data-problems={problems?.length ?? 0}
    >
      {description?.kind !== 'trigger' && (
        <Handle type="target" position={across ? Position.Left : Position.Top} aria-label={`Into ${id}`} />
      )}
      <div className="step-head">
        <span className="step-icon">
          <NodeIcon icon={description?.icon ?? ''} size={15} />
        </span>
        <span className="step-title">
          <span className="step-label">{label}</span>
          <span className="step-id">{id}</span>
        </span>
      </div>
      <div className="step-summary">{summary}</div>
      {counts && (
        <div className="step-counts" aria-label={`Counts for ${id}`}>
          <span>entered {counts.entered}</span>
          <span>waiting {counts.waiting}</span>
          <span>exited {counts.exited}</span>
          {counts.failed ? <span className="failed">failed {counts.failed}</span> : null}
        </div>
      )}
      <EmailRates id={id} />
      {problems && (
        <div className="step-problem" role="note">
          {problems[0]?.message}
        </div>
      )}
      {branches.map((branch, i) => (
        <Handle
          key={branch}
          id={branch}
          type="source"
          position={across ? Position.Right : Position.Bottom}
          aria-label={`${id}: ${branch} way out`}
          style={
            across
              ? { top: `calc(${HEAD_HEIGHT}px + (100% - ${HEAD_HEIGHT}px) * ${(i + 1) / (branches.length + 1)})` }
              : { left: `${((i + 1) / (branches.length + 1)) * 100}%` }
          }
        >
          {branches.length > 1 || branch !== 'next' ? <span className="handle-label">{branch}</span> : null}
        </Handle>
      ))}
    </div>
  );
});
