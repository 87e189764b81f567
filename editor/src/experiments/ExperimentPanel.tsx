import { useExperiments } from './results.ts';
import { SplitResults } from './SplitResults.tsx';
import { count } from './wording.ts';

/**
 * The A/B test run by one step, if it runs one: live results when the published journey has them,
 * otherwise the draft's planned sample size. Steps without a test show nothing.
 */
export function ExperimentPanel({ stepId }: { stepId: string }) {
  const answer = useExperiments((s) => s.answer);
  const error = useExperiments((s) => s.error);
  const live = answer?.experiments.find((e) => e.splitId === stepId);
  const planned = answer?.draft.find((d) => d.splitId === stepId);
  if (!live && !planned) return null;
  return (
    <section className="experiment" aria-label="Experiment">
      <h3>Experiment</h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {answer?.goal ? (
        <p>
          Goal: <strong>{answer.goal.event}</strong> within {answer.goal.withinDays} days
          {answer.goal.revenueProperty ? `, revenue from "${answer.goal.revenueProperty}"` : ''}; guardrail: unsubscribe
          rate.
        </p>
      ) : (
        <p className="error">No goal yet: set one in the journey settings, or the test cannot be judged.</p>
      )}
      {planned && !live && (
        <p className="planned">
          Planned sample: <strong>{count(planned.plannedPerArm)} customers per arm</strong>,{' '}
          {count(planned.plannedPerArm * planned.arms)} in all over {planned.arms} arms (alpha 0.05, power 80%). No
          winner is declared before every arm has that many measured customers.
        </p>
      )}
      {planned && live && planned.plannedPerArm !== live.setup.plannedPerArm && (
        <p className="hint">
          The draft as edited plans {count(planned.plannedPerArm)} customers per arm; publish to apply.
        </p>
      )}
      {live && <SplitResults experiment={live} />}
    </section>
  );
}
