// Retention analytics: what the events mean (settings), the metrics as pure functions over SQL
// aggregates, cohorts and lifecycle. The entry points that query the database are in reports/.
export {
  RetentionSettings,
  ChurnDefinition,
  MrrSource,
  DEFAULT_RETENTION_SETTINGS,
  checkRetentionSettings,
  type SettingsViolation,
} from './settings.ts';
export { Figure, figure, known, unknown } from './figure.ts';
export { bucketsOf, yearBefore, MAX_BUCKETS, type Bucket } from './period.ts';
export { CustomerCounts, customerRetentionRate, churnRate } from './customers.ts';
export {
  PurchaseCounts,
  CurrencyRevenue,
  returningCustomerRate,
  repeatPurchaseRatio,
  repeatCustomerRate,
  purchaseFrequency,
  netRevenue,
  averageOrderValue,
  otherCurrencies,
} from './purchases.ts';
export { customerLifetimeValue } from './lifetime-value.ts';
export {
  MrrCounts,
  mrrChurnRate,
  grossRevenueRetention,
  netRevenueRetention,
  existingRevenueGrowth,
  mrrMovements,
  yearOverYearArrGrowth,
} from './recurring-revenue.ts';
export { CancellationCounts, earlyCancellationRate } from './cancellations.ts';
export { RenewalCounts, earlyRenewalRate } from './renewals.ts';
export { NpsAnswers, ReasonCount, netPromoterScore, churnReasons } from './feedback.ts';
export { ActivationCounts, TTV_BUCKETS, activationRate, timeToValue } from './activation.ts';
export { CohortCounts, cohortTriangle, type CohortRow, type CohortTriangle } from './cohorts.ts';
export { LifecycleCounts, quickRatio, stickiness } from './lifecycle.ts';
export * from './shapes.ts';
