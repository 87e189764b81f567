import { useEffect, useMemo, useState } from 'react';
import {
  CohortReport,
  JourneyImpactList,
  LifecycleReport,
  RetentionReport,
  RetentionSettings,
} from '@boomerang/engine/metric-shapes';
import { api, messageOf } from '../api/client.ts';
import { LazyChart } from '../charts/LazyChart.tsx';
import { cohortOption, type CohortMeasure } from '../dashboard/cohort-option.ts';
import { HeadlineCards } from '../dashboard/HeadlineCards.tsx';
import { ImpactTable } from '../dashboard/ImpactTable.tsx';
import { lifecycleOption } from '../dashboard/lifecycle-option.ts';
import { mrrOption } from '../dashboard/mrr-option.ts';
import { npsOption } from '../dashboard/nps-option.ts';
import { PRESETS, presetDates, type PresetId } from '../dashboard/period.ts';

interface Loaded {
  report: RetentionReport;
  cohorts: CohortReport;
  lifecycle: LifecycleReport;
  impact: JourneyImpactList;
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** The retention dashboard: headline figures, the cohort triangle, MRR movements, NPS over time, lifecycle and journey impact. */
export function DashboardPage() {
  const [preset, setPreset] = useState<PresetId>('last-12-months');
  const [measure, setMeasure] = useState<CohortMeasure>('exact');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    (async () => {
      const settings = await api('GET', '/v1/metrics/settings', RetentionSettings);
      const period = presetDates(preset, Date.now(), settings.timeZone);
      const unit = period.granularity === 'week' || period.granularity === 'day' ? 'week' : 'month';
      const cohortPeriod = presetDates(
        unit === 'week' ? 'last-12-weeks' : 'last-12-months',
        Date.now(),
        settings.timeZone,
      );
      const [report, cohorts, lifecycle, impact] = await Promise.all([
        api('GET', `/v1/metrics/report?${query(period)}`, RetentionReport),
        api(
          'GET',
          `/v1/metrics/cohorts?${query({ start: cohortPeriod.start, end: cohortPeriod.end, unit })}`,
          CohortReport,
        ),
        api('GET', `/v1/metrics/lifecycle?${query(period)}`, LifecycleReport),
        api('GET', '/v1/metrics/journeys', JourneyImpactList),
      ]);
      if (current) {
        setLoaded({ report, cohorts, lifecycle, impact });
        setError(null);
      }
    })().catch((e: unknown) => {
      if (current) setError(messageOf(e));
    });
    return () => {
      current = false;
    };
  }, [preset]);
  const charts = useMemo(
    () =>
      loaded && {
        cohort: cohortOption(loaded.cohorts, measure),
        mrr: mrrOption(loaded.report),
        nps: npsOption(loaded.report),
        lifecycle: lifecycleOption(loaded.lifecycle, loaded.report),
      },
    [loaded, measure],
  );
  return (
    <main className="page dashboard">
      <header className="dashboard-header">
        <h1>Retention</h1>
        <a href="#/retention/settings">What the events mean</a>
        <label>
          Period{' '}
          <select value={preset} onChange={(e) => setPreset(e.target.value as PresetId)}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!loaded && !error && <p role="status">Loading the figures…</p>}
      {loaded && charts && (
        <>
          <HeadlineCards report={loaded.report} />
          <section aria-labelledby="cohorts-heading">
            <div className="section-header">
              <h2 id="cohorts-heading">Cohorts: share of each {loaded.cohorts.unit}&apos;s sign-ups who came back</h2>
              <label>
                Show{' '}
                <select value={measure} onChange={(e) => setMeasure(e.target.value as CohortMeasure)}>
                  <option value="exact">returned in exactly that {loaded.cohorts.unit}</option>
                  <option value="unbounded">returned in that {loaded.cohorts.unit} or later</option>
                </select>
              </label>
            </div>
            {loaded.cohorts.rows.length === 0 ? (
              <p className="empty">No sign-ups ({loaded.cohorts.cohortEvent}) in the period yet.</p>
            ) : (
              <LazyChart
                option={charts.cohort}
                label={`Retention by ${loaded.cohorts.unit} cohort: ${loaded.cohorts.rows.length} cohorts; return event ${loaded.cohorts.returnEvent}`}
                height={Math.max(200, 30 * loaded.cohorts.rows.length + 90)}
              />
            )}
          </section>
          <div className="dashboard-pair">
            <section aria-labelledby="mrr-heading">
              <h2 id="mrr-heading">MRR movements ({loaded.report.reportingCurrency})</h2>
              <LazyChart
                option={charts.mrr}
                label={`MRR movements per ${loaded.report.granularity}: new, expansion, reactivation, contraction, churned, net`}
              />
            </section>
            <section aria-labelledby="nps-heading">
              <h2 id="nps-heading">NPS over time</h2>
              <LazyChart
                option={charts.nps}
                label={`NPS per ${loaded.report.granularity}, with the number of answers`}
              />
            </section>
          </div>
          <section aria-labelledby="lifecycle-heading">
            <h2 id="lifecycle-heading">Active customers: new, returning, resurrecting and dormant</h2>
            <LazyChart
              option={charts.lifecycle}
              label={`Lifecycle per ${loaded.lifecycle.granularity}: new, returning and resurrecting customers above zero, dormant below, and stickiness`}
            />
          </section>
          <section aria-labelledby="impact-heading">
            <h2 id="impact-heading">
              What each journey did, against its holdout ({loaded.impact.windowDays} days after entering)
            </h2>
            <ImpactTable impact={loaded.impact} />
          </section>
        </>
      )}
    </main>
  );
}
