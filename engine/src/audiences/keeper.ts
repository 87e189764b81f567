import {
  audienceRoutingState,
  backfillAudience,
  claimDueChecks,
  evaluateStays,
  findAudience,
  listAudiences,
  lockKeys,
  membershipLockKeys,
  pairKey,
  reevaluateCustomer,
  reevaluateCustomers,
  storeMembershipChanges,
  traitsAndStays,
  writeDecidedStays,
  type AudiencePair,
  type AudienceRecord,
  type AudienceToKeep,
  type ChangedStays,
  type Database,
  type Queryable,
} from '../db/index.ts';
import { AUDIENCE_ENTERED, AUDIENCE_EXITED, AudienceDefinition } from '../model/index.ts';
import { isTouchedBy, mentionsOf, type AudienceMentions, type TouchingCall } from './mentions.ts';
import { holdsOnTraits } from './on-traits.ts';

/** A routed call as membership needs it: whose, and which event name and properties or traits it brings. */
export interface RoutedCall {
  type: string;
  userId?: string | undefined;
  event?: string | undefined;
  properties?: Record<string, unknown> | undefined;
  traits: Record<string, unknown>;
}

interface Kept extends AudienceToKeep {
  version: number;
  mentions: AudienceMentions;
}

/** A stored definition read back; only the API writes them, after validating them, so a bad one is a bug. */
function kept(record: AudienceRecord): Kept {
  const parsed = AudienceDefinition.safeParse(record.definition);
  if (!parsed.success)
    throw new Error(`Audience ${record.id} holds a definition that does not parse: ${parsed.error.message}`);
  const { condition } = parsed.data;
  return { id: record.id, name: parsed.data.name, condition, version: record.version, mentions: mentionsOf(condition) };
}

/** What a due check or a routed batch changed. */
export interface MembershipChanges {
  entered: number;
  exited: number;
}

/** What a routed batch changed, and the calls whose evaluation failed (each customer's later calls were left unevaluated). */
export interface RoutedChanges<C extends RoutedCall> extends MembershipChanges {
  failures: Array<{ call: C; error: unknown }>;
}

/** How a routed batch's membership events are stored: `routeChanges` says whether a live trigger or a run's wait can use them. */
export interface RoutedOptions {
  routeChanges: boolean;
}

/**
 * Keeps audience membership current without polling: for each routed event or identify call, only the
 * audiences whose conditions mention that event name or trait are re-evaluated, for that customer only;
 * time-driven changes come from the due checks (`checkDue`), which re-evaluate exactly the customers
 * whose scheduled instant has come. `now` is injectable so tests can move time.
 */
export class AudienceKeeper {
  /** The compiled definitions, with the versions they were read at (see audienceRoutingState). */
  #cached: { versions: string; audiences: Kept[] } | undefined;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Re-evaluates the audiences each call can change, for its customer. Every call of the batch is stored
   * before it is routed, so evaluating a customer once per batch and audience gives what evaluating after
   * each call would; the whole batch is one transaction of three statements (lock, evaluate and write,
   * store the Entered / Exited events), after one that reads the audiences' versions (the compiled list
   * is cached per version) and marks first sightings. The events are queued for routing only when
   * `routeChanges` says something listens to them, or an audience reads them (performed "Audience
   * Entered", journey conditions); else they are stored for metrics and history only. When the batch
   * fails, each customer is evaluated alone, so the ones it fails for are reported (by their first call
   * that touched an audience; their later calls wait behind it) and everyone else's membership is kept.
   * Errors reading the audiences themselves fail the whole batch.
   */
  async onRouted<C extends RoutedCall>(
    calls: C[],
    options: RoutedOptions = { routeChanges: true },
  ): Promise<RoutedChanges<C>> {
    const changes: RoutedChanges<C> = { entered: 0, exited: 0, failures: [] };
    const withCustomer = calls.filter((c) => c.userId);
    if (withCustomer.length === 0) return changes;
    // A customer's first call is checked against every audience: "never ordered" holds with no data at all.
    const state = await audienceRoutingState(this.db, [...new Set(withCustomer.map((c) => c.userId!))]);
    const audiences = await this.#audiences(state.versions);
    if (audiences.length === 0) return changes;
    const { fresh } = state;
    const route =
      options.routeChanges ||
      audiences.some(
        (a) =>
          isTouchedBy(a.mentions, { event: AUDIENCE_ENTERED }) || isTouchedBy(a.mentions, { event: AUDIENCE_EXITED }),
      );
    const touchedBy = new Map<Kept, Set<string>>();
    const firstTouch = new Map<string, { call: C; audiences: Set<Kept> }>();
    for (const call of withCustomer) {
      const userId = call.userId!;
      const first = fresh.delete(userId);
      const touched = audiences.filter((a) => first || isTouchedBy(a.mentions, touching(call)));
      if (touched.length === 0) continue;
      const mine = firstTouch.get(userId) ?? { call, audiences: new Set<Kept>() };
      firstTouch.set(userId, mine);
      for (const a of touched) {
        touchedBy.set(a, (touchedBy.get(a) ?? new Set()).add(userId));
        mine.audiences.add(a);
      }
    }
    if (touchedBy.size === 0) return changes;
    try {
      await this.#evaluate(changes, touchedBy, route);
    } catch {
      changes.entered = 0; // the batch's transaction was rolled back
      changes.exited = 0;
      for (const [userId, { call, audiences: theirs }] of firstTouch) {
        try {
          await this.#evaluate(changes, new Map([...theirs].map((a) => [a, new Set([userId])])), route);
        } catch (error) {
          changes.failures.push({ call, error });
        }
      }
    }
    return changes;
  }

  /** The compiled definitions at `versions`: the cached list when they are unchanged, else read afresh. */
  async #audiences(versions: string): Promise<Kept[]> {
    if (versions === '') return [];
    // A change saved between reading the versions and the list is seen by the next batch: its versions differ.
    if (this.#cached?.versions !== versions)
      this.#cached = { versions, audiences: (await listAudiences(this.db)).map(kept) };
    return this.#cached.audiences;
  }

  /**
   * One transaction for all touched audiences and customers: one statement locks the pairs; audiences on
   * traits alone are decided here on the customers' merged traits (one read, and one write only when a
   * stay changes); the rest are evaluated in SQL (see evaluateStays); one insert stores the changes' events.
   */
  async #evaluate(changes: MembershipChanges, touchedBy: Map<Kept, Set<string>>, route: boolean): Promise<void> {
    const work = [...touchedBy].map(([audience, userIds]) => ({ audience, userIds: [...userIds] }));
    const now = this.now();
    const changed = await this.db.transaction(async (tx) => {
      await lockKeys(tx, membershipLockKeys(work.map((w) => ({ audienceId: w.audience.id, userIds: w.userIds }))));
      const onTraits = await decideOnTraits(
        tx,
        work.filter((w) => w.audience.mentions.traitsOnly),
        now,
      );
      const inSql = await evaluateStays(
        tx,
        work.filter((w) => !w.audience.mentions.traitsOnly),
        now,
      );
      const stays: ChangedStays = {
        entered: [...onTraits.entered, ...inSql.entered],
        exited: [...onTraits.exited, ...inSql.exited],
      };
      return storeMembershipChanges(
        tx,
        work.map((w) => w.audience),
        stays,
        now,
        route,
      );
    });
    this.#countAll(changes, changed);
  }

  /** Re-evaluates every (audience, customer) whose next check is due, `batch` at a time, until none is left. */
  async checkDue(batch = 200): Promise<MembershipChanges> {
    const changes = { entered: 0, exited: 0 };
    const definitions = new Map<string, Kept | undefined>();
    for (;;) {
      const due = await claimDueChecks(this.db, this.now(), batch);
      const byAudience = new Map<Kept, string[]>();
      for (const d of due) {
        if (!definitions.has(d.audienceId)) {
          const record = await findAudience(this.db, d.audienceId);
          definitions.set(d.audienceId, record && kept(record));
        }
        const a = definitions.get(d.audienceId);
        if (a) byAudience.set(a, [...(byAudience.get(a) ?? []), d.userId]);
      }
      // The claimed checks in one transaction; when it fails, each in its own, so one bad pair holds up no other.
      const work = [...byAudience].map(([audience, userIds]) => ({ audience, userIds }));
      try {
        this.#countAll(changes, await this.db.transaction((tx) => reevaluateCustomers(tx, work, this.now(), true)));
      } catch {
        for (const { audience, userIds } of work)
          for (const userId of userIds) this.#count(changes, await this.#reevaluate(audience, userId));
      }
      if (due.length < batch) return changes;
    }
  }

  /** Recomputes a (new or changed) audience's whole membership with the SQL evaluation; see backfillAudience. */
  async backfill(audienceId: string): Promise<{ entered: number; exited: number; size: number }> {
    const record = await findAudience(this.db, audienceId);
    if (!record) throw new Error(`There is no audience "${audienceId}"`);
    const a = kept(record);
    return this.db.transaction((tx) => backfillAudience(tx, a, this.now()));
  }

  #reevaluate(a: Kept, userId: string) {
    return this.db.transaction((tx) => reevaluateCustomer(tx, a, userId, this.now()));
  }

  #count(changes: MembershipChanges, change: 'entered' | 'exited' | undefined): void {
    if (change) changes[change] += 1;
  }

  #countAll(changes: MembershipChanges, changed: Map<string, Map<string, 'entered' | 'exited'>>): void {
    for (const byCustomer of changed.values()) for (const change of byCustomer.values()) this.#count(changes, change);
  }
}

/** The call as the touch test reads it. */
function touching(call: RoutedCall): TouchingCall {
  if (call.type === 'identify') return { traits: call.traits };
  return call.event === undefined ? {} : { event: call.event, properties: call.properties ?? {} };
}

/**
 * Decides audiences on traits alone for their customers, on the merged traits read under the pairs'
 * locks, and writes only the stays that change (a customer with no row meets no audience, as in SQL).
 */
async function decideOnTraits(
  tx: Queryable,
  work: Array<{ audience: Kept; userIds: string[] }>,
  now: Date,
): Promise<ChangedStays> {
  const pairs = work.flatMap((w) => w.userIds.map((userId): AudiencePair => ({ audienceId: w.audience.id, userId })));
  if (pairs.length === 0) return { entered: [], exited: [] };
  const { traits, members } = await traitsAndStays(tx, [...new Set(pairs.map((p) => p.userId))], pairs);
  const entering: AudiencePair[] = [];
  const leaving: AudiencePair[] = [];
  for (const w of work)
    for (const userId of w.userIds) {
      const theirs = traits.get(userId);
      const member = theirs !== undefined && holdsOnTraits(w.audience.condition, theirs);
      const pair = { audienceId: w.audience.id, userId };
      if (member && !members.has(pairKey(pair))) entering.push(pair);
      if (!member && members.has(pairKey(pair))) leaving.push(pair);
    }
  return writeDecidedStays(tx, entering, leaving, now);
}
