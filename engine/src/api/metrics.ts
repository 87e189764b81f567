import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { getRetentionSettings, saveRetentionSettings, type Database } from '../db/index.ts';
import { cohortReport, journeyImpactReport, lifecycleReport, retentionReport } from '../reports/index.ts';
import type { RetentionSettings } from '../retention/index.ts';
import { HttpError } from './errors.ts';
import { cohortCsv, impactCsv, lifecycleCsv, reportCsv } from './metric-csv.ts';
import {
  CohortReport,
  Granularity,
  JourneyImpactList,
  LifecycleReport,
  RetentionReport,
  RetentionSettings as SettingsShape,
} from './metric-shapes.ts';
import { defineRoute, type Route } from './route.ts';

// Retention analytics over HTTP: the settings that say what the events mean, the report, cohorts and
// lifecycle. Each answer is JSON, or CSV with ?format=csv (or Accept: text/csv).

const Instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: () => "a date (YYYY-MM-DD, midnight in the account's time zone) or an ISO 8601 date-time with offset",
  })
  .meta({ description: "YYYY-MM-DD (midnight in the account's time zone) or an ISO 8601 date-time with offset" });
/** A well-formed request the report cannot answer (start not before end, more buckets than a report holds). */
const UNANSWERABLE =
  'The period cannot be reported: each problem names the field (start must be before end; at most 400 buckets)';
const Format = z.enum(['json', 'csv']).optional();
const ReportQuery = z.object({ start: Instant, end: Instant, granularity: Granularity, format: Format });
const CohortQuery = z.object({
  start: Instant,
  end: Instant,
  unit: z.enum(['week', 'month']),
  cohortBy: z.enum(['sign-up', 'first-order']).optional(),
  returnEvent: z.string().min(1).max(200).optional(),
  format: Format,
});
const ImpactQuery = z.object({
  windowDays: z.coerce.number().int().min(1).max(365).default(90),
  returnEvent: z.string().min(1).max(200).optional(),
  format: Format,
});
const LifecycleQuery = z.object({
  start: Instant,
  end: Instant,
  granularity: Granularity,
  activityEvent: z.string().min(1).max(200).optional(),
  format: Format,
});

/** A plain date is midnight of that day in the account's time zone; a date-time is that instant. Both go on in UTC. */
function instantOf(value: string, timeZone: string): string {
  const instant = DateTime.fromISO(value, { zone: timeZone, setZone: value.length > 10 });
  return instant.isValid ? (instant.toUTC().toISO() ?? value) : value;
}

const wantsCsv = (req: Request, format: 'json' | 'csv' | undefined) =>
  format === 'csv' || (format === undefined && req.accepts(['application/json', 'text/csv']) === 'text/csv');

function send<T>(
  req: Request,
  res: Response,
  format: 'json' | 'csv' | undefined,
  answer: T,
  csv: (a: T) => string,
  name: string,
): void {
  if (wantsCsv(req, format)) res.type('text/csv').attachment(`${name}.csv`).send(csv(answer));
  else res.json(answer);
}

/** A well-formed request the report refuses (say, start after end) is a 422 naming each problem's path. */
function orRefused<T extends object>(
  answer: T | { violations: Array<{ path: string; message: string }> },
  what: string,
): T {
  if ('violations' in answer)
    throw new HttpError(
      422,
      `The ${what} cannot be computed for this period`,
      answer.violations.map((v) => ({ path: `query.${v.path}`, message: v.message })),
    );
  return answer;
}

/** /v1/metrics/*: retention settings, the retention report, cohorts, lifecycle and journey impact. */
export function metricRoutes(deps: { db: Database; now?: () => number }): Route[] {
  const now = deps.now ?? Date.now;
  const withDates = <Q extends { start: string; end: string }>(q: Q, s: RetentionSettings) => ({
    ...q,
    start: instantOf(q.start, s.timeZone),
    end: instantOf(q.end, s.timeZone),
  });
  return [
    defineRoute({
      method: 'get',
      path: '/v1/metrics/settings',
      auth: 'admin',
      summary:
        'What the events mean for retention: sign-up, activation, orders, subscriptions and MRR, churn, NPS, cancellation reasons, currency, time zone',
      responses: { 200: { description: 'The settings (defaults until saved)', schema: SettingsShape } },
      handler: async ({ res }) => {
        res.json(await getRetentionSettings(deps.db));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/v1/metrics/settings',
      auth: 'admin',
      summary: 'Save the retention settings (fields left out take their defaults)',
      body: { schema: z.record(z.string(), z.unknown()), invalid: 'Invalid retention settings', limit: '64kb' },
      responses: { 200: { description: 'The saved settings', schema: SettingsShape } },
      handler: async ({ body, res }) => {
        const saved = await saveRetentionSettings(deps.db, body);
        if (!saved.settings)
          throw new HttpError(
            400,
            'Invalid retention settings',
            saved.violations.map((v) => ({ path: `body.${v.path}`, message: v.message })),
          );
        res.json(saved.settings);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/metrics/report',
      auth: 'admin',
      query: { schema: ReportQuery, invalid: 'Invalid report request', at: 'query' },
      summary:
        'Every retention figure per bucket of [start, end): retention, churn, repeat purchase, revenue, CLV, MRR and its movements, GRR, NRR, NPS, activation, time-to-value, churn reasons; each with its inputs and formula',
      responses: { 200: { description: 'The report', schema: RetentionReport, csv: true }, 422: UNANSWERABLE },
      handler: async ({ query, req, res }) => {
        const settings = await getRetentionSettings(deps.db);
        const answer = orRefused(await retentionReport(deps.db, settings, withDates(query, settings)), 'report');
        send(req, res, query.format, answer, reportCsv, 'retention-report');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/metrics/cohorts',
      auth: 'admin',
      query: { schema: CohortQuery, invalid: 'Invalid cohort request', at: 'query' },
      summary:
        'The retention triangle by sign-up (or first-order) week or month: returned in exactly period N, and in N or later, with the mean curves',
      responses: { 200: { description: 'The triangle', schema: CohortReport, csv: true }, 422: UNANSWERABLE },
      handler: async ({ query, req, res }) => {
        const settings = await getRetentionSettings(deps.db);
        const answer = orRefused(await cohortReport(deps.db, settings, withDates(query, settings)), 'cohort');
        send(req, res, query.format, answer, cohortCsv, 'cohorts');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/metrics/lifecycle',
      auth: 'admin',
      query: { schema: LifecycleQuery, invalid: 'Invalid lifecycle request', at: 'query' },
      summary:
        'Active customers per bucket by lifecycle: new, returning, resurrecting, and dormant (active before, not now), with the quick ratio',
      responses: { 200: { description: 'Lifecycle counts', schema: LifecycleReport, csv: true }, 422: UNANSWERABLE },
      handler: async ({ query, req, res }) => {
        const settings = await getRetentionSettings(deps.db);
        const answer = orRefused(await lifecycleReport(deps.db, settings, withDates(query, settings)), 'lifecycle');
        send(req, res, query.format, answer, lifecycleCsv, 'lifecycle');
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/metrics/journeys',
      auth: 'admin',
      query: { schema: ImpactQuery, invalid: 'Invalid journey-impact request', at: 'query' },
      summary:
        "What each journey with a holdout did: entrants against the holdout over windowDays after entering (return, repeat purchase, revenue per customer with Welch's interval, churn, NPS), per version and split arm, with incremental revenue",
      responses: { 200: { description: 'Journey impact', schema: JourneyImpactList, csv: true } },
      handler: async ({ query, req, res }) => {
        const settings = await getRetentionSettings(deps.db);
        const answer = await journeyImpactReport(deps.db, settings, {
          windowDays: query.windowDays,
          now: new Date(now()),
          returnEvent: query.returnEvent,
        });
        send(req, res, query.format, answer, impactCsv, 'journey-impact');
      },
    }),
  ];
}
