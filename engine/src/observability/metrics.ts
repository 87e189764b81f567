import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// One registry per process: every part (api, worker, router) counts what it does, and /metrics of an API
// process shows that process's counters plus the routing gauges read from the shared database.

/** The registry /metrics exposes: Boomerang's metrics and Node's default ones (CPU, memory, event loop, GC). */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const requestDuration = new Histogram({
  name: 'boomerang_http_request_duration_seconds',
  help: 'HTTP API calls by method, route (the route pattern, e.g. /v1/batch) and status, and how long each took',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const eventsStored = new Counter({
  name: 'boomerang_events_stored_total',
  help: 'Events stored durably by ingest and import (repeated messageIds not counted)',
  registers: [registry],
});

const eventsRouted = new Counter({
  name: 'boomerang_events_routed_total',
  help: 'Events the router finished with: delivered to every journey and run that takes them',
  registers: [registry],
});

const sendsFinished = new Counter({
  name: 'boomerang_sends_total',
  help: 'Email sends by the status they finished with (sent, failed, skipped-*)',
  labelNames: ['status'] as const,
  registers: [registry],
});

const activityFailures = new Counter({
  name: 'boomerang_activity_failures_total',
  help: 'Activity attempts that failed (Temporal retries them), by activity type',
  labelNames: ['activity'] as const,
  registers: [registry],
});

/** How far routing is behind, as the database knows it. */
export interface RoutingLag {
  oldestUnroutedSeconds: number;
  unrouted: number;
  deadLetters: number;
}

let routingSource: (() => Promise<RoutingLag>) | undefined;
// Each routing gauge reads the same query once per scrape: the first to collect starts it, the others share it.
let pending: Promise<RoutingLag | undefined> | undefined;
const readRouting = (): Promise<RoutingLag | undefined> => {
  if (!routingSource) return Promise.resolve(undefined);
  pending ??= routingSource()
    .catch(() => undefined)
    .finally(() => {
      pending = undefined;
    });
  return pending;
};

/** A gauge read from the database at each scrape (absent until `watchRouting` names the source). */
function routingGauge(name: string, help: string, pick: (lag: RoutingLag) => number): Gauge {
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const lag = await readRouting();
      if (lag) this.set(pick(lag));
    },
  });
}

routingGauge(
  'boomerang_router_lag_seconds',
  'Age of the oldest unrouted event (0 when routing is caught up)',
  (l) => l.oldestUnroutedSeconds,
);
routingGauge('boomerang_events_unrouted', 'Events stored but not yet routed', (l) => l.unrouted);
routingGauge('boomerang_dead_letters', 'Events parked as dead letters, waiting for an operator', (l) => l.deadLetters);

/** Names where the routing gauges are read from at each scrape (the database's routing lag). */
export function watchRouting(source: () => Promise<RoutingLag>): void {
  routingSource = source;
}

/** Records one HTTP call: its method, route pattern, status and duration in seconds. */
export function recordRequest(method: string, route: string, status: number, seconds: number): void {
  requestDuration.observe({ method, route, status: String(status) }, seconds);
}

/** Counts events stored durably. */
export function countEventsStored(count: number): void {
  if (count > 0) eventsStored.inc(count);
}

/** Counts events the router finished with. */
export function countEventsRouted(count: number): void {
  if (count > 0) eventsRouted.inc(count);
}

/** Counts a send finishing with `status`. */
export function countSend(status: string): void {
  sendsFinished.inc({ status });
}

/** Counts a failed attempt of activity `activity`. */
export function countActivityFailure(activity: string): void {
  activityFailures.inc({ activity });
}

/** The metrics in Prometheus text format, and its content type. */
export async function metricsText(): Promise<{ contentType: string; text: string }> {
  return { contentType: registry.contentType, text: await registry.metrics() };
}
