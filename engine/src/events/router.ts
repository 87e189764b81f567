import { randomUUID } from 'node:crypto';
import type { Plan } from '../interpreter/index.ts';
import {
  catchUpRoutedTraits,
  claimEvents,
  claimJobRun,
  customersAfter,
  markRouted,
  nextRetryAt,
  recordRoutingFailure,
  releaseEvents,
  traitsOfCustomers,
  type Database,
} from '../db/index.ts';
import { DAILY_EVENT, IDENTIFY_EVENT, type NodeRegistry } from '../nodes/index.ts';
import { describeError, isOutage, RefusedEvent, retryDelayMs } from './routing-failure.ts';
import type { EventStore, StoredEvent } from './store.ts';
import { countEventsRouted } from '../observability/index.ts';
import { dailyEvent, triggerEvents } from './triggers.ts';
import { AUDIENCE_ENTERED, AUDIENCE_EXITED, AudienceKeeper, type RoutedChanges } from '../audiences/index.ts';
import { Delivery } from './delivery.ts';
import { JourneyPlans } from './journey-plans.ts';
import type { RouterTarget } from './router-target.ts';

export type { RouterTarget } from './router-target.ts';

const BATCH = 200;
const PARALLEL_CUSTOMERS = 16;
/** How often a router looks for work nobody announced (see start). */
const SWEEP_MS = 30_000;

/** What became of the events of one claimed batch. */
interface BatchOutcome {
  routed: number[];
  release: number[];
  outage?: unknown;
}

/**
 * Drains the event outbox into journeys: trigger matches start (or join) a customer's run with
 * signalWithStart; events a running journey waits for or exits on are signalled to it. It wakes on
 * the store's "appended" notification, and when a failed event is due again. An event that fails is
 * retried a bounded number of times with backoff, then parked as a dead letter; meanwhile only its
 * customer's later events wait behind it (per-customer order), everyone else's flow on. An outage
 * (Temporal or the database unreachable) pauses routing with backoff and counts against no event.
 * Several routers can run on one Postgres database: each claims (leases) the events it routes.
 * Triggers are asked through their node type (`matches`, `correlationKey`), built-in or plugin.
 * Identify calls reach triggers as IDENTIFY_EVENT with the traits before and after. Date triggers
 * get DAILY_EVENT: every `dateCheckMinutes` for every customer, and at once for a customer whose
 * identify call was just routed.
 */
export class Router {
  readonly #plans: JourneyPlans;
  readonly #delivery: Delivery;
  #running: Promise<void> | undefined;
  #again = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDelayMs = 500;
  #stopped = false;
  #unsubscribe: (() => Promise<void>) | undefined;
  #dateTimer: NodeJS.Timeout | undefined;
  #dateCheck: Promise<void> | undefined;
  #dueTimer: NodeJS.Timeout | undefined;
  /** Whether some event may be waiting for a retry (true at start: an earlier process may have left one). */
  #retriesMayWait = true;
  #sweepTimer: NodeJS.Timeout | undefined;
  readonly #audiences: AudienceKeeper;
  #audienceTimer: NodeJS.Timeout | undefined;
  #audienceCheck: Promise<void> | undefined;
  /** This router's name on the events it leases. */
  readonly id = `router-${randomUUID()}`;
  /** Errors seen while routing, for logs. */
  onError: (error: unknown) => void = (error) => console.error('[router]', error);

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly registry: NodeRegistry,
    private readonly target: RouterTarget,
  ) {
    this.#audiences = new AudienceKeeper(db, target.now);
    this.#plans = new JourneyPlans(db);
    this.#delivery = new Delivery(db, registry, this.#plans, target, (error) => this.onError(error));
  }

  /** Re-evaluates the audience memberships whose time-driven check is due (claimed, so several routers share them). */
  checkAudiences(): Promise<void> {
    this.#audienceCheck ??= this.#audiences
      .checkDue()
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      )
      .finally(() => {
        this.#audienceCheck = undefined;
      });
    return this.#audienceCheck;
  }

  /** Starts listening, routes whatever was left over from before, and starts the periodic date check. */
  async start(): Promise<void> {
    this.#unsubscribe = await this.store.onAppended(() => this.wake());
    this.wake();
    // A pass now and then, so work no notification announces is picked up: the expired leases of a
    // router that died, and retries another router scheduled before it went away.
    this.#sweepTimer = setInterval(() => this.wake(), SWEEP_MS);
    const every = (this.target.dateCheckMinutes ?? 60) * 60_000;
    const tick = () => {
      if (this.#dateCheck) return; // the previous pass is still going
      // With several routers, one of them runs each period's check.
      this.#dateCheck = claimJobRun(this.db, 'date-check', every * 0.9)
        .then((mine) => (mine ? this.checkDates() : undefined))
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.#dateCheck = undefined;
        });
    };
    tick();
    this.#dateTimer = setInterval(tick, every);
    void this.checkAudiences();
    this.#audienceTimer = setInterval(
      () => void this.checkAudiences(),
      (this.target.audienceCheckSeconds ?? 60) * 1000,
    );
  }

  /** Sends today's DAILY_EVENT of every customer to the live journeys whose trigger listens to it. */
  async checkDates(nowMs = Date.now()): Promise<void> {
    const plans = (await this.#plans.live()).filter((p) => triggerEvents(p).includes(DAILY_EVENT));
    if (plans.length === 0) return;
    let after = '';
    for (;;) {
      const page = await customersAfter(this.db, after, 500);
      for (const customer of page) {
        if (this.#stopped) return;
        for (const plan of plans)
          await this.#delivery.enrol(plan, dailyEvent(customer.userId, customer.traits, plan.timezone, nowMs));
      }
      const last = page.at(-1);
      if (!last || page.length < 500) return;
      after = last.userId;
    }
  }

  /** Stops routing; resolves when the current pass is over. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#unsubscribe?.();
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#dueTimer);
    clearInterval(this.#sweepTimer);
    clearInterval(this.#dateTimer);
    clearInterval(this.#audienceTimer);
    await this.#running;
    await this.#dateCheck;
    await this.#audienceCheck;
  }

  /** Resolves once every event stored so far has been routed (used by tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Asks for a routing pass (coalesced with one already running). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#again) {
        this.#again = false;
        this.wake();
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        if (this.#stopped) break;
        const claimed = await claimEvents(this.db, this.id, BATCH);
        if (claimed.length === 0) break;
        const events = await this.store.bySeq(claimed.map((c) => c.seq));
        const attempts = new Map(claimed.map((c) => [c.seq, c.attempts]));
        const outcome = await this.#routeBatch(events, await this.#plans.live(), attempts);
        await markRouted(this.db, outcome.routed);
        countEventsRouted(outcome.routed.length);
        await releaseEvents(this.db, this.id, outcome.release);
        if (outcome.outage !== undefined) throw outcome.outage;
      }
      this.#retryDelayMs = 500;
      await this.#wakeWhenDue();
    } catch (error) {
      this.onError(error);
      if (!this.#stopped) {
        this.#retryTimer = setTimeout(() => this.wake(), this.#retryDelayMs);
        this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, 30_000);
      }
    }
  }

  /** Schedules a pass for when the next event waiting for a retry is due. */
  async #wakeWhenDue(): Promise<void> {
    if (!this.#retriesMayWait) return; // the common case: a pass without failures costs no extra query
    const due = await nextRetryAt(this.db);
    this.#retriesMayWait = due !== undefined;
    clearTimeout(this.#dueTimer);
    if (due && !this.#stopped)
      this.#dueTimer = setTimeout(() => this.wake(), Math.max(10, due.getTime() - Date.now() + 10));
  }

  /** Records that routing `e` failed: retried later, or parked once its attempts are used up (or at once when refused). */
  async #failed(e: StoredEvent, attemptsBefore: number, error: unknown): Promise<void> {
    const attempts = attemptsBefore + 1;
    const maxAttempts = this.target.retry?.attempts ?? 5;
    const park = error instanceof RefusedEvent || attempts >= maxAttempts;
    const journeyId = error instanceof RefusedEvent ? error.journeyId : (error as { journeyId?: string }).journeyId;
    this.onError(
      Object.assign(
        new Error(
          `Routing event ${e.messageId} (customer ${e.userId ?? '-'}) failed on attempt ${attempts}${park ? '; parked as a dead letter' : ''}: ${describeError(error)}`,
        ),
        { journeyId, userId: e.userId ?? undefined },
      ),
    );
    if (!park) this.#retriesMayWait = true;
    await recordRoutingFailure(
      this.db,
      { seq: e.seq, userId: e.userId ?? null, journeyId, error: describeError(error), attempts },
      park
        ? { park: true }
        : { park: false, retryInMs: retryDelayMs(attempts, this.target.retry?.baseDelayMs ?? 1000) },
    );
  }

  async #routeBatch(events: StoredEvent[], live: Plan[], attempts: Map<number, number>): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { routed: [], release: [] };
    // Only events that a live trigger or some run's wait/exit-on could use cost any work (membership
    // events included: when nothing uses them they are stored for metrics but not queued for routing).
    const triggers = new Set(live.flatMap(triggerEvents));
    const listened = await this.#plans.listenedTo();
    const used = (event: string) => triggers.has(event) || listened.has(event);
    // Audience membership first. When it cannot be read at all the batch goes back (like an outage), so no
    // call is missed; when one customer's call fails, it fails like a routing error and only that
    // customer's later events wait behind it.
    let audienceFailures: RoutedChanges<StoredEvent>['failures'];
    try {
      const routeChanges = used(AUDIENCE_ENTERED) || used(AUDIENCE_EXITED);
      audienceFailures = (await this.#audiences.onRouted(events, { routeChanges })).failures;
    } catch (error) {
      return { routed: [], release: events.map((e) => e.seq), outage: error };
    }
    const outage = audienceFailures.find((f) => isOutage(f.error));
    if (outage) return { routed: [], release: events.map((e) => e.seq), outage: outage.error };
    const failedAt = new Map(audienceFailures.map((f) => [f.call.userId!, f.call.seq]));
    for (const { call, error } of audienceFailures) await this.#failed(call, attempts.get(call.seq) ?? 0, error);
    const blocked = (e: StoredEvent) => e.userId !== undefined && e.seq >= (failedAt.get(e.userId) ?? Infinity);
    for (const e of events) if (blocked(e)) outcome.release.push(e.seq);
    events = events.filter((e) => !blocked(e));
    const traitTriggers = triggers.has(IDENTIFY_EVENT) || triggers.has(DAILY_EVENT);
    if (!traitTriggers) {
      // No live trigger looks at identify calls: just keep "previous traits" current, one statement per batch.
      const identified = [...new Set(events.filter((e) => e.type === 'identify' && e.userId).map((e) => e.userId!))];
      if (identified.length > 0) await catchUpRoutedTraits(this.db, identified);
    }
    const relevant = (e: StoredEvent) =>
      e.userId !== undefined && (e.type === 'identify' ? traitTriggers : e.event !== undefined && used(e.event));
    const work = events.filter(relevant);
    for (const e of events) if (!relevant(e)) outcome.routed.push(e.seq);
    if (work.length === 0) return outcome;
    const userIds = [...new Set(work.map((e) => e.userId!))];
    const traits = await traitsOfCustomers(this.db, userIds);
    // Events of one customer stay in order; different customers are routed side by side. When one of a
    // customer's events fails, their later events of this batch go back unrouted, to wait behind it.
    const byCustomer = new Map<string, StoredEvent[]>();
    for (const e of work) byCustomer.set(e.userId!, [...(byCustomer.get(e.userId!) ?? []), e]);
    const queue = [...byCustomer.values()];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        for (const [i, e] of next.entries()) {
          if (outcome.outage !== undefined) {
            outcome.release.push(...next.slice(i).map((x) => x.seq));
            break;
          }
          try {
            await this.#delivery.route(e, live, traits.get(e.userId!) ?? {}, listened);
            outcome.routed.push(e.seq);
          } catch (error) {
            if (isOutage(error)) outcome.outage = error;
            else await this.#failed(e, attempts.get(e.seq) ?? 0, error);
            outcome.release.push(...next.slice(isOutage(error) ? i : i + 1).map((x) => x.seq));
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CUSTOMERS, queue.length) }, worker));
    return outcome;
  }
}
