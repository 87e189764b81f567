import type { ExperimentsResponse } from '@boomerang/engine/api-shapes';
import { CumulativeChart } from './CumulativeChart.tsx';
import { stoppingState } from './stopping.ts';
import { count, money, percent, points, pValue } from './wording.ts';

type Experiment = ExperimentsResponse['experiments'][number];
type Analysis = NonNullable<Experiment['analysis']>;

/** The stopping rule in force, and whether it is met or how many more customers the smallest arm needs. */
function StoppingRule({ analysis }: { analysis: Analysis }) {
  const state = stoppingState(analysis);
  return (
    <div className="stopping" role="group" aria-label="Stopping rule">
      <p>
        <strong>Rule in force:</strong> {analysis.stopping.description}
      </p>
      <p>
        {state.met ? (
          <strong>Met: every arm has {count(state.perArm)} measured customers.</strong>
        ) : (
          <>
            <strong>Not yet:</strong> {count(state.stillNeeded)} more measured customers needed in the smallest arm (
            {count(state.smallestArm)} of {count(state.perArm)}).
          </>
        )}
      </p>
      <p className="verdict">{analysis.verdict}</p>
    </div>
  );
}

/** Per arm: exposed, converted, rate with its interval, revenue and unsubscribes, and how it compares with control. */
function Arms({ analysis }: { analysis: Analysis }) {
  return (
    <ul className="arms" aria-label="Results per variant">
      {analysis.arms.map((a) => (
        <li key={a.name} aria-label={`Variant ${a.name}`}>
          <strong>{a.name}</strong>
          {a.control ? ' (control)' : ''}
          {a.holdout ? ' (holdout, gets nothing further)' : ''}
          <dl>
            <dt>Exposed</dt>
            <dd>{count(a.exposed)}</dd>
            <dt>Converted</dt>
            <dd>
              {count(a.converted)} of {count(a.measured)} measured
            </dd>
            <dt>Rate</dt>
            <dd>
              {a.rate === null || !a.interval
                ? '—'
                : `${percent(a.rate)} (95%: ${percent(a.interval.lower)} to ${percent(a.interval.upper)})`}
            </dd>
            <dt>Revenue per customer</dt>
            <dd>{a.revenuePerCustomer === null ? '—' : money(a.revenuePerCustomer)}</dd>
            <dt>Unsubscribe rate</dt>
            <dd>{a.unsubscribeRate === null ? '—' : percent(a.unsubscribeRate)}</dd>
            {a.versusControl && (
              <>
                <dt>Vs control</dt>
                <dd>
                  {points(a.versusControl.absolute)} (95%: {points(a.versusControl.absoluteInterval.lower)} to{' '}
                  {points(a.versusControl.absoluteInterval.upper)})
                  {a.versusControl.relative === null
                    ? ''
                    : `, ${a.versusControl.relative >= 0 ? '+' : '−'}${Math.abs(a.versusControl.relative * 100).toFixed(1)}% relative`}
                  ; {pValue(a.versusControl.pValue)} (
                  {a.versusControl.test === 'fisher-exact' ? "Fisher's exact test" : 'z-test'})
                  {a.versusControl.significant ? ', significant' : ''}
                </dd>
              </>
            )}
            <dt>Chance of being best</dt>
            <dd>{a.probabilityBest === null ? '—' : percent(a.probabilityBest)}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/** The live results of one split: the numbers, the SRM check, the rule, any automatic decision, the chart. */
export function SplitResults({ experiment }: { experiment: Experiment }) {
  const { analysis, decision } = experiment;
  return (
    <>
      <p>
        Version {experiment.version}: planned {count(experiment.setup.plannedPerArm)} customers per arm (baseline{' '}
        {percent(experiment.setup.baselineRate)}, smallest effect worth detecting{' '}
        {points(experiment.setup.minimumDetectableEffect)}). Automatic winner {experiment.autoWinner ? 'on' : 'off'}.
      </p>
      {experiment.routedTo && (
        <p>
          <strong>New entrants all go to {experiment.routedTo}.</strong>
        </p>
      )}
      {decision && (
        <p role="note" className="decision">
          Winner chosen automatically: <strong>{decision.winner}</strong>, published as version{' '}
          {decision.publishedVersion} on {new Date(decision.decidedAt).toLocaleString()}.
        </p>
      )}
      {!analysis ? (
        <p>
          {experiment.counts.some((c) => c.exposed > 0)
            ? 'Results need a journey goal: set one in the journey settings.'
            : 'No customer has reached this split yet.'}
        </p>
      ) : (
        <>
          {analysis.sampleRatio.mismatch && (
            <p role="alert" className="error">
              Sample ratio mismatch: the arms' sizes differ from their weights more than chance allows (χ² ={' '}
              {analysis.sampleRatio.chiSquare.toFixed(1)}, {pValue(analysis.sampleRatio.pValue)}). Check the assignment
              before trusting these results.
            </p>
          )}
          <Arms analysis={analysis} />
          <StoppingRule analysis={analysis} />
        </>
      )}
      {Object.keys(experiment.cumulative).length > 0 && (
        <>
          <h4>Cumulative conversion rate</h4>
          <CumulativeChart series={experiment.cumulative} />
        </>
      )}
    </>
  );
}
