// Metrics (Prometheus, prom-client) and structured logs (pino) for operators.
export {
  countEventsRouted,
  countEventsStored,
  countSend,
  metricsText,
  registry,
  watchRouting,
  type RoutingLag,
} from './metrics.ts';
export { createLogger, LogLevel, requestLogger, REQUEST_ID_HEADER, silentLogger, type Logger } from './logger.ts';
export { requestMetrics } from './request-metrics.ts';
export { activityFailures } from './activity-failures.ts';
export { temporalLevelOf, temporalLogger } from './temporal-logger.ts';
