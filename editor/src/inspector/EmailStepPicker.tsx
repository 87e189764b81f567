import { useContext, useMemo } from 'react';
import { EMAIL_STEP_TYPE } from '@boomerang/engine/nodes';
import { fromArrow, fromStepNode } from '../journey/flow.ts';
import { useJourney } from '../journey/store.ts';
import { summaryOf } from '../validation/check.ts';
import { InspectedStep } from './inspected-step.ts';
import { ChoiceSelect, type Choice, type PickerProps } from './ListPicker.tsx';
import { stepsBefore } from './steps-before.ts';

/**
 * A select of the "Send email" steps that come before the inspected step, nearest first, each shown by
 * its summary and id; a saved step that is not (or no longer) one of them is kept and said to be so.
 */
export function EmailStepPicker(props: PickerProps & { required: boolean }) {
  const { required, ...picker } = props;
  const stepId = useContext(InspectedStep);
  const nodes = useJourney((s) => s.nodes);
  const edges = useJourney((s) => s.edges);
  const choices = useMemo<Choice[]>(() => {
    if (stepId === null) return [];
    const journey = { nodes: nodes.map(fromStepNode), edges: edges.map(fromArrow) };
    return stepsBefore(journey, stepId, EMAIL_STEP_TYPE).map((step) => {
      const summary = summaryOf(step.type, step.config);
      return { value: step.id, label: summary ? `${summary} (${step.id})` : step.id };
    });
  }, [nodes, edges, stepId]);
  const chosen = typeof props.value === 'string' && props.value !== '' ? props.value : undefined;
  const stale = chosen !== undefined && !choices.some((c) => c.value === chosen);
  return (
    <span className="email-step-picker">
      <ChoiceSelect
        {...picker}
        choices={choices}
        empty={required ? 'Choose an earlier email…' : 'None'}
        unlisted="not an earlier email step"
      />
      {/* The journey's validation says why when it checks this field; a field it does not check is explained here. */}
      {stale && !props.invalid && (
        <small className="error" role="alert">
          "{chosen}" is not a Send email step before this one; choose one of the emails an arrow leads here from.
        </small>
      )}
      {choices.length === 0 && <small className="hint">No Send email step comes before this one yet.</small>}
    </span>
  );
}
