// The reports the API serves: each reads aggregates through db/ and computes its figures with the pure metrics.
export { retentionReport, cohortReport, lifecycleReport } from './retention.ts';
export { journeyImpactReport } from './journey-impact.ts';
