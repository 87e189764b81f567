import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeNode, useCatalog } from '../api/catalog.ts';
import type { StepNode } from '../journey/flow.ts';
import { useStats } from '../stats/stats.ts';
import { summaryOf } from '../validation/check.ts';
import { useProblems } from '../validation/problems.ts';
import { branchesOf } from './branches.ts';
import { glyphOf } from './icons.ts';

/** The one node component: label, icon, a one-line summary, problems, counts, and one handle per branch. */
export const StepView = memo(function StepView({ id, data, selected }: NodeProps<StepNode>) {
  const description = useCatalog((s) => describeNode(s.nodes, data.nodeType));
  const problems = useProblems((s) => s.byNode.get(id));
  // Polled counts arrive as new objects every few seconds: re-render only when a number changed.
  const counts = useStats(useShallow((s) => s.counts[id]));
  const branches = branchesOf(description, data.config);
  // Handles named by the config come and go as variants are edited; React Flow must measure them again.
  // Not on mount: React Flow measures new nodes itself, and measuring again then upsets fit-view on opening.
  const updateNodeInternals = useUpdateNodeInternals();
  const handleKey = branches.join('\n');
  const measuredKey = useRef(handleKey);
  useEffect(() => {
    if (measuredKey.current === handleKey) return;
    measuredKey.current = handleKey;
    updateNodeInternals(id);
  }, [id, handleKey, updateNodeInternals]);
  const label = description?.label ?? data.nodeType;
  const serverSummary = useProblems((s) => s.serverSummaries[id]);
  const summary = summaryOf(data.nodeType, data.config) ?? serverSummary ?? (problems ? 'Needs setting up' : description?.description ?? '');
  const tooltip = problems?.map((p) => p.message).join('\n');
  return (
    <div
      className={`step${problems ? ' step-invalid' : ''}${selected ? ' step-selected' : ''}`}
      title={tooltip}
      role="group"
      aria-label={`${label} ${id}${problems ? `, ${problems.length} problem${problems.length > 1 ? 's' : ''}` : ''}`}
      data-node-id={id}
      data-problems={problems?.length ?? 0}
    >
      {description?.kind !== 'trigger' && <Handle type="target" position={Position.Left} aria-label={`Into ${id}`} />}
      <div className="step-head"><span className="step-icon" aria-hidden>{glyphOf(description?.icon ?? '')}</span><span className="step-label">{label}</span><span className="step-id">{id}</span></div>
      <div className="step-summary">{summary}</div>
      {counts && <div className="step-counts" aria-label={`Counts for ${id}`}>
        <span>entered {counts.entered}</span><span>waiting {counts.waiting}</span><span>exited {counts.exited}</span>{counts.failed ? <span className="failed">failed {counts.failed}</span> : null}
      </div>}
      {problems && <div className="step-problem" role="note">{problems[0]?.message}</div>}
      {branches.map((branch, i) => (
        <Handle key={branch} id={branch} type="source" position={Position.Right} aria-label={`${id}: ${branch} way out`}
          style={{ top: `${((i + 1) / (branches.length + 1)) * 100}%` }}>
          {branches.length > 1 || branch !== 'next' ? <span className="handle-label">{branch}</span> : null}
        </Handle>
      ))}
    </div>
  );
});
