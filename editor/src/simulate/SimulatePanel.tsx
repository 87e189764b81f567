import { useState } from 'react';
import { SimulationAnswer } from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';
import { arrowId } from '../journey/flow.ts';
import { useJourney } from '../journey/store.ts';
import { useSubmitDraft } from '../save/useSubmitDraft.ts';
import { useStats } from '../stats/stats.ts';

interface Behaviour {
  event: string;
  percent: number;
  withinDays: number;
}

/** Runs the draft through the simulator and draws the counts on the canvas; shows emails per day and one customer's path. */
export function SimulatePanel() {
  const [customers, setCustomers] = useState(1000);
  const [days, setDays] = useState(30);
  const [behaviours, setBehaviours] = useState<Behaviour[]>([{ event: 'Activated', percent: 30, withinDays: 1 }]);
  const [result, setResult] = useState<SimulationAnswer | null>(null);
  const [customer, setCustomer] = useState(0);
  const { submit: run, error } = useSubmitDraft(async () => {
    const id = useJourney.getState().meta.id;
    const answer = await api('POST', `/v1/journeys/${encodeURIComponent(id)}/simulate`, SimulationAnswer, {
      customers,
      days,
      behaviours: behaviours
        .filter((b) => b.event.trim())
        .map((b) => ({ event: b.event.trim(), probability: b.percent / 100, withinDays: b.withinDays })),
    });
    setResult(answer);
    useStats
      .getState()
      .show(
        'simulation',
        answer.nodes,
        Object.fromEntries(answer.edges.map((e) => [arrowId(e.from, e.branch, e.to), e.count])),
      );
  });
  const change = (i: number, patch: Partial<Behaviour>) =>
    setBehaviours(behaviours.map((b, j) => (j === i ? { ...b, ...patch } : b)));
  const peak = Math.max(1, ...(result?.emailsByDay.map((d) => d.count) ?? []));
  const path = result?.paths.find((p) => p.customer === customer) ?? result?.paths[0];
  return (
    <section className="simulate" aria-label="Simulate">
      <h2>Simulate</h2>
      <form onSubmit={run}>
        <label className="field-label">
          Customers
          <input
            type="number"
            min={1}
            max={100000}
            value={customers}
            onChange={(e) => setCustomers(Number(e.target.value))}
          />
        </label>
        <label className="field-label">
          Days
          <input type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} />
        </label>
        <h3>Behaviour</h3>
        {behaviours.map((b, i) => (
          <div className="behaviour" key={i}>
            <input
              aria-label={`Behaviour ${i + 1} percent`}
              type="number"
              min={0}
              max={100}
              value={b.percent}
              onChange={(e) => change(i, { percent: Number(e.target.value) })}
            />
            % send
            <input
              aria-label={`Behaviour ${i + 1} event`}
              value={b.event}
              onChange={(e) => change(i, { event: e.target.value })}
            />
            within
            <input
              aria-label={`Behaviour ${i + 1} days`}
              type="number"
              min={0.01}
              step="any"
              value={b.withinDays}
              onChange={(e) => change(i, { withinDays: Number(e.target.value) })}
            />
            days
            <button
              type="button"
              aria-label={`Remove behaviour ${i + 1}`}
              onClick={() => setBehaviours(behaviours.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setBehaviours([...behaviours, { event: '', percent: 10, withinDays: 7 }])}>
          Add behaviour
        </button>
        <button type="submit" className="primary">
          Run simulation
        </button>
        {result && (
          <button
            type="button"
            onClick={() => {
              setResult(null);
              useStats.getState().show('none', {});
            }}
          >
            Clear counts
          </button>
        )}
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <h3>Emails per day</h3>
          <div
            className="timeline"
            role="img"
            aria-label={`Emails per day: ${result.emailsByDay.map((d) => d.count).join(', ')}`}
          >
            {result.emailsByDay.map((d) => (
              <span
                key={d.day}
                title={`Day ${d.day + 1}: ${d.count}`}
                style={{ height: `${(d.count / peak) * 100}%` }}
              />
            ))}
          </div>
          <p>
            Exits:{' '}
            {Object.entries(result.exits)
              .map(([reason, n]) => `${reason} ${n}`)
              .join(', ')}
          </p>
          <h3>One customer's path</h3>
          <select aria-label="Customer" value={customer} onChange={(e) => setCustomer(Number(e.target.value))}>
            {result.paths.map((p) => (
              <option key={p.customer} value={p.customer}>
                Customer {p.customer + 1}
              </option>
            ))}
          </select>
          <ol className="path">
            {path?.steps.map((s, i) => (
              <li key={i}>
                day {((s.atMs - (path.steps[0]?.atMs ?? 0)) / 86_400_000).toFixed(1)}:{' '}
                <button type="button" className="link" onClick={() => useJourney.getState().select(s.stepId)}>
                  {s.stepId}
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
