import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Plan } from '../interpreter/index.ts';
import { activeEnrollments, advanceRoutedTraits, claimEnrollment, completeEnrollment, enrollmentId, type Database } from '../db/index.ts';
import { DAILY_EVENT, IDENTIFY_EVENT, type NodeRegistry, type TriggerEvent } from '../nodes/index.ts';
import type { EventStore, StoredEvent } from './store.ts';
import { dailyEvent, enrolment, triggerEvents } from './triggers.ts';

/** How the router reaches Temporal (workflow type, task queue, signal name) and how often it runs the daily date check. */
export interface RouterTarget { client: Client; taskQueue: string; workflowType: string; signalName: string; dateCheckMinutes?: number }

const BATCH = 200;
const PARALLEL_CUSTOMERS = 16;

/**
 * Drains the event outbox into journeys: trigger matches start (or join) a customer's run with
 * signalWithStart; events a running journey waits for or exits on are signalled to it. It wakes on
 * the store's "appended" notification, never on a timer; after a failure it retries with backoff.
 * Triggers are asked through their node type (`matches`, `correlationKey`), built-in or plugin.
 * Identify calls reach triggers as IDENTIFY_EVENT with the traits before and after. Date triggers
 * get DAILY_EVENT: every `dateCheckMinutes` for every customer, and at once for a customer whose
 * identify call was just routed.
 */
export class Router {
  readonly #plans = new Map<string, Plan>();
  #listened: ReadonlySet<string> | undefined;
  #listenedVersions = -1;
  #running: Promise<void> | undefined;
  #again = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDelayMs = 500;
  #stopped = false;
  #unsubscribe: (() => Promise<void>) | undefined;
  #dateTimer: NodeJS.Timeout | undefined;
  #dateCheck: Promise<void> | undefined;
  /** Errors seen while routing, for logs. */
  onError: (error: unknown) => void = (error) => console.error('[router]', error);

  constructor(private readonly db: Database, private readonly store: EventStore, private readonly registry: NodeRegistry, private readonly target: RouterTarget) {}

  /** Starts listening, routes whatever was left over from before, and starts the periodic date check. */
  async start(): Promise<void> {
    this.#unsubscribe = await this.store.onAppended(() => this.wake());
    this.wake();
    const every = (this.target.dateCheckMinutes ?? 60) * 60_000;
    const tick = () => {
      if (this.#dateCheck) return; // the previous pass is still going
      this.#dateCheck = this.checkDates().catch((error: unknown) => this.onError(error)).finally(() => { this.#dateCheck = undefined; });
    };
    tick();
    this.#dateTimer = setInterval(tick, every);
  }

  /** Sends today's DAILY_EVENT of every customer to the live journeys whose trigger listens to it. */
  async checkDates(nowMs = Date.now()): Promise<void> {
    const plans = (await this.#liveJourneys()).filter((p) => triggerEvents(p).includes(DAILY_EVENT));
    if (plans.length === 0) return;
    let after = '';
    for (;;) {
      const page = await this.db.query<{ user_id: string; traits: Record<string, unknown> }>(
        'select user_id, traits from customers where user_id > $1 order by user_id limit 500', [after]);
      for (const row of page) {
        if (this.#stopped) return;
        for (const plan of plans) await this.#enrol(plan, dailyEvent(row.user_id, row.traits, plan.timezone, nowMs));
      }
      const last = page.at(-1);
      if (!last || page.length < 500) return;
      after = last.user_id;
    }
  }

  /** Stops routing; resolves when the current pass is over. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#unsubscribe?.();
    clearTimeout(this.#retryTimer);
    clearInterval(this.#dateTimer);
    await this.#running;
    await this.#dateCheck;
  }

  /** Resolves once every event stored so far has been routed (used by tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Asks for a routing pass (coalesced with one already running). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) { this.#again = true; return; }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
      if (this.#again) { this.#again = false; this.wake(); }
    });
  }

  async #drain(): Promise<void> {
    try {
      for (;;) {
        const events = await this.store.pending(BATCH);
        if (events.length === 0 || this.#stopped) break;
        const live = await this.#liveJourneys();
        await this.#routeBatch(events, live);
        await this.store.routed(events.map((e) => e.seq));
      }
      this.#retryDelayMs = 500;
    } catch (error) {
      this.onError(error);
      if (!this.#stopped) {
        this.#retryTimer = setTimeout(() => this.wake(), this.#retryDelayMs);
        this.#retryDelayMs = Math.min(this.#retryDelayMs * 2, 30_000);
      }
    }
  }

  async #liveJourneys(): Promise<Plan[]> {
    const rows = await this.db.query<{ id: string; live_version: number }>(`select id, live_version from journeys where status = 'live'`);
    return Promise.all(rows.map((r) => this.#plan(r.id, r.live_version)));
  }

  /** Event names some run could react to: every published version's waits and exit-on events. */
  async #listenedTo(): Promise<ReadonlySet<string>> {
    const [row] = await this.db.query<{ n: number }>('select count(*)::int as n from journey_versions');
    if (!this.#listened || this.#listenedVersions !== row?.n) {
      const rows = await this.db.query<{ journey_id: string; version: number }>('select journey_id, version from journey_versions');
      const plans = await Promise.all(rows.map((r) => this.#plan(r.journey_id, r.version)));
      this.#listened = new Set(plans.flatMap((p) => p.interestingEvents));
      this.#listenedVersions = row?.n ?? 0;
    }
    return this.#listened;
  }

  async #plan(journeyId: string, version: number): Promise<Plan> {
    const key = `${journeyId}@${version}`;
    const cached = this.#plans.get(key);
    if (cached) return cached;
    const [row] = await this.db.query<{ plan: Plan }>('select plan from journey_versions where journey_id = $1 and version = $2', [journeyId, version]);
    if (!row) throw new Error(`Journey ${journeyId} has no version ${version}`);
    this.#plans.set(key, row.plan);
    return row.plan;
  }

  async #routeBatch(events: StoredEvent[], live: Plan[]): Promise<void> {
    // Only events that a live trigger or some run's wait/exit-on could use cost any work.
    const triggers = new Set(live.flatMap(triggerEvents));
    const listened = await this.#listenedTo();
    const traitTriggers = triggers.has(IDENTIFY_EVENT) || triggers.has(DAILY_EVENT);
    if (!traitTriggers) {
      // No live trigger looks at identify calls: just keep "previous traits" current, one statement per batch.
      const identified = [...new Set(events.filter((e) => e.type === 'identify' && e.userId).map((e) => e.userId!))];
      if (identified.length > 0) await this.db.query('update customers set routed_traits = traits where user_id = any($1::text[])', [identified]);
    }
    const relevant = events.filter((e) => e.userId && (e.type === 'identify'
      ? traitTriggers
      : e.event !== undefined && (triggers.has(e.event) || listened.has(e.event))));
    if (relevant.length === 0) return;
    const userIds = [...new Set(relevant.map((e) => e.userId!))];
    const traits = new Map((await this.db.query<{ user_id: string; traits: Record<string, unknown> }>(
      'select user_id, traits from customers where user_id = any($1::text[])', [userIds])).map((r) => [r.user_id, r.traits]));
    // Events of one customer stay in order; different customers are routed side by side.
    const byCustomer = new Map<string, StoredEvent[]>();
    for (const e of relevant) byCustomer.set(e.userId!, [...(byCustomer.get(e.userId!) ?? []), e]);
    const queue = [...byCustomer.values()];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        for (const e of next) await this.#route(e, live, traits.get(e.userId!) ?? {}, listened);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CUSTOMERS, queue.length) }, worker));
  }

  /** Starts (or joins) the customer's run of `plan` when its trigger takes `event`; returns the workflow id if it did. */
  async #enrol(plan: Plan, event: TriggerEvent): Promise<string | undefined> {
    const match = enrolment(plan, this.registry, event, this.onError);
    if (!match) return undefined;
    const { userId } = event;
    const workflowId = enrollmentId(plan.journeyId, userId, match.key);
    const claim = await claimEnrollment(this.db, { workflowId, journeyId: plan.journeyId, userId, version: plan.version, reEntry: plan.reEntry });
    if (claim === 'refused') return undefined;
    const delivered = { messageId: event.messageId, event: event.event, properties: event.properties, timestamp: event.timestamp, traits: event.traits };
    await this.target.client.workflow.signalWithStart(this.target.workflowType, {
      workflowId, taskQueue: this.target.taskQueue,
      args: [{ journeyId: plan.journeyId, version: plan.version, plan, userId, traits: event.traits, trigger: delivered }],
      signal: this.target.signalName, signalArgs: [delivered],
    });
    return workflowId;
  }

  async #route(e: StoredEvent, live: Plan[], traits: Record<string, unknown>, listened: ReadonlySet<string>): Promise<void> {
    if (!e.userId) return;
    const userId = e.userId;
    if (e.type === 'identify') {
      const { before, after } = await advanceRoutedTraits(this.db, userId, e.traits);
      const event: TriggerEvent = { type: 'identify', messageId: e.messageId, userId, event: IDENTIFY_EVENT, properties: e.traits, traits: after, previousTraits: before, timestamp: e.timestamp };
      for (const plan of live) {
        await this.#enrol(plan, event);
        // New or changed date traits are checked at once rather than at the next periodic check.
        if (triggerEvents(plan).includes(DAILY_EVENT)) await this.#enrol(plan, dailyEvent(userId, after, plan.timezone, Date.now()));
      }
      return;
    }
    if (!e.event) return;
    const event: TriggerEvent = { type: 'track', messageId: e.messageId, userId, event: e.event, properties: e.properties, traits, previousTraits: traits, timestamp: e.timestamp };
    const started = new Set<string>();
    for (const plan of live) {
      const workflowId = await this.#enrol(plan, event);
      if (workflowId) started.add(workflowId);
    }
    if (!listened.has(e.event)) return;
    const delivered = { messageId: e.messageId, event: e.event, properties: e.properties, timestamp: e.timestamp, traits };
    for (const enrollment of await activeEnrollments(this.db, userId)) {
      if (started.has(enrollment.workflowId)) continue;
      const plan = await this.#plan(enrollment.journeyId, enrollment.version);
      if (!plan.interestingEvents.includes(e.event)) continue;
      try {
        await this.target.client.workflow.getHandle(enrollment.workflowId).signal(this.target.signalName, delivered);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) await completeEnrollment(this.db, enrollment.workflowId);
        else throw error;
      }
    }
  }
}
