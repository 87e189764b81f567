// The answers of /v1/metrics/*, shared by the API (and its OpenAPI document) and the editor's dashboard.
// The journey-impact shapes come from their own file: the reports face also holds code that reads the database.
export {
  BucketReport,
  CohortReport,
  CohortRequest,
  Figure,
  Granularity,
  LifecycleReport,
  LifecycleRequest,
  PeriodRequest,
  RetentionReport,
  RetentionSettings,
} from '../retention/index.ts';
export { ImpactLine, JourneyImpact } from '../metrics/index.ts';
export { ImpactGroup, JourneyImpactList, JourneyImpactRow } from '../reports/shapes.ts';
