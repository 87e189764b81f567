import {
  applyGroupCalls,
  eventsBySeq,
  EVENTS_APPENDED,
  customerStates,
  encodeImportedRows,
  insertEventRows,
  insertImportedIdentifies,
  latestEventsOf,
  linkAnonymousIds,
  linkedCustomers,
  lockKeys,
  traitsOfCustomers,
  type AnonymousLink,
  type CustomerState,
  type Database,
  type ImportedChunk,
  type ImportedIdentifyRow,
  type EventRow,
  type Queryable,
} from '../db/index.ts';
import { countEventsStored } from '../observability/index.ts';
import { GroupCommit } from './group-commit.ts';
import { CALLS, type CallType, type IncomingEvent, type Problem } from './segment.ts';
import { unstorableText } from './storable.ts';
import { traitBoundProblem } from './trait-bound.ts';
import { changeSubscriptions, choicesInTraits } from '../consent/index.ts';
import { subscriptionEvents } from './subscription-events.ts';

/** At most this many events share one commit, so a group's statement stays a bounded size. */
export const GROUP_COMMIT_ROWS = 2000;
/** Groups committing at once: PGlite is one connection; on Postgres a few use the pool while later calls gather. */
const COMMITS_IN_FLIGHT = { pglite: 1, postgres: 4 };

/** A stored event, as the router and the customer timeline read it. */
export interface StoredEvent extends IncomingEvent {
  seq: number;
  receivedAt: string;
}

/**
 * Merges identify traits per customer, in arrival order, so one batch makes one upsert per customer.
 * Traits from history count as already routed (`routed_traits`), so they never look like a change later.
 */
function traitsByCustomer(
  events: IncomingEvent[],
): Array<{ user_id: string; traits: Record<string, unknown>; routed_traits: Record<string, unknown> | null }> {
  const merged = new Map<string, { traits: Record<string, unknown>; routed: Record<string, unknown> | null }>();
  for (const e of events) {
    if (!e.userId) continue;
    const before = merged.get(e.userId) ?? { traits: {}, routed: null };
    const traits = e.type === 'identify' ? e.traits : {};
    merged.set(e.userId, {
      traits: { ...before.traits, ...traits },
      routed: e.historical && e.type === 'identify' ? { ...before.routed, ...traits } : before.routed,
    });
  }
  return [...merged].map(([user_id, m]) => ({ user_id, traits: m.traits, routed_traits: m.routed }));
}

/** What `append` did: events stored, repeated messageIds ignored, and events refused by their index in the input. */
export interface AppendResult {
  stored: number;
  duplicates: number;
  rejected: Array<{ index: number; problem: Problem }>;
}

/** An identify that changes traits: it is held to the traits bound. */
const bringsTraits = (e: IncomingEvent) =>
  e.type === 'identify' && Boolean(e.userId) && Object.keys(e.traits).length > 0;

/** The anonymous id a call says is this customer: an identify with both ids, or an alias. */
function linkOf(e: IncomingEvent): AnonymousLink[] {
  if (e.type === 'alias' && e.previousId && e.userId && e.previousId !== e.userId)
    return [{ anonymousId: e.previousId, userId: e.userId }];
  if (e.type === 'identify' && e.anonymousId && e.userId) return [{ anonymousId: e.anonymousId, userId: e.userId }];
  return [];
}

/** An event that needs nothing but the one insert statement: it names its customer, brings no traits, links nothing. */
const plain = (e: IncomingEvent) =>
  Boolean(e.userId) && !bringsTraits(e) && e.type !== 'group' && linkOf(e).length === 0;

/**
 * One statement (so one round trip and one implicit transaction): the events, their outbox rows and
 * the customers they name (identify traits merged; other calls only make sure the customer exists).
 * It notifies the routers (Postgres NOTIFY, delivered on commit). Returns the messageIds that were new.
 */
async function insertEvents(db: Queryable, events: IncomingEvent[]): Promise<{ stored: Set<string> }> {
  if (events.length === 0) return { stored: new Set() };
  const rows = events.map((e) => ({
    message_id: e.messageId,
    type: e.type,
    user_id: e.userId ?? null,
    anonymous_id: e.anonymousId ?? null,
    event: e.event ?? null,
    properties: e.properties,
    traits: e.traits,
    context: e.context,
    timestamp: e.timestamp,
    group_id: e.groupId ?? null,
    previous_id: e.previousId ?? null,
    original_timestamp: e.originalTimestamp ?? null,
    sent_at: e.sentAt ?? null,
    historical: e.historical === true,
  }));
  return { stored: await insertEventRows(db, rows, traitsByCustomer(events)) };
}

/**
 * The calls' events in one statement, in arrival order, answered per call: a messageId stored by the
 * group counts as new for the first call (and the first event in it) that carries it, as if sequential.
 */
async function insertCalls(db: Queryable, calls: IncomingEvent[][]): Promise<AppendResult[]> {
  const { stored } = await insertEvents(db, calls.flat());
  return calls.map((events) => {
    let fresh = 0;
    for (const e of events) if (stored.delete(e.messageId)) fresh++;
    return { stored: fresh, duplicates: events.length - fresh, rejected: [] };
  });
}

/** Why the database would refuse this call (text it cannot store, a timestamp it cannot read), by event index; before grouping, so one bad call cannot fail a group. */
function unwritable(events: IncomingEvent[]): string | undefined {
  // JSON.stringify writes NUL and lone surrogates (only those) as \u0000 and \udxxx escapes: a native
  // scan that lets the walk naming the path run only when there may be something to find.
  const json = JSON.stringify(events);
  const suspect = json.includes('\\u0000') || json.includes('\\ud');
  for (const [index, e] of events.entries()) {
    const [problem] = suspect ? unstorableText(e, `[${index}]`) : [];
    if (problem) return `${problem.path}: ${problem.message}`;
    for (const key of ['timestamp', 'originalTimestamp', 'sentAt'] as const) {
      const value = e[key];
      if (value !== undefined && !Number.isFinite(Date.parse(value)))
        return `[${index}].${key}: "${value}" is not a date and time`;
    }
  }
  return undefined;
}

/**
 * Identify traits `subscriptions: { <group>: true | false }` set the customer's groups in the same
 * transaction, each change recorded as a Joined / Left event (source `import` for imported rows).
 */
async function applySubscriptionTraits(tx: Queryable, fresh: IncomingEvent[]): Promise<void> {
  for (const e of fresh) {
    const wanted = e.type === 'identify' && e.userId ? choicesInTraits(e.traits) : {};
    if (!e.userId || Object.keys(wanted).length === 0) continue;
    const library = e.context['library'];
    const imported =
      typeof library === 'object' && library !== null && 'name' in library && library.name === 'boomerang-import';
    const source = imported ? 'import' : 'identify';
    const changes = await changeSubscriptions(tx, e.userId, wanted, source);
    const events = subscriptionEvents(e.userId, changes, source, `subscriptions-${e.messageId}`, e.timestamp);
    await insertEvents(
      tx,
      events.map((event) => ({ ...event, historical: e.historical === true })),
    );
  }
}

/**
 * Durable event store. `append` writes events, their outbox rows and customer traits in one
 * transaction; when it resolves the events survive a crash. The same statement notifies the
 * routers (Postgres NOTIFY, delivered on commit, to this process and any other): no polling.
 */
export class EventStore {
  /** Concurrent calls of plain events share one statement and one commit (see group-commit.ts). */
  private readonly commits: GroupCommit<IncomingEvent[], AppendResult>;

  constructor(readonly db: Database) {
    this.commits = new GroupCommit<IncomingEvent[], AppendResult>(
      {
        together: (calls) => insertCalls(this.db, calls),
        alone: (events) => this.appendAlone(events),
        rowsOf: (events) => events.length,
        groupable: (events) => events.every(plain),
      },
      GROUP_COMMIT_ROWS,
      COMMITS_IN_FLIGHT[db.kind],
    );
  }

  /** How many groups may commit at once; calls gather only while that many are in flight. */
  get commitsInFlight(): number {
    return this.commits.maxInFlight;
  }

  /**
   * Stores events durably; repeated messageIds are ignored. Identify and alias calls link anonymous
   * ids to customers (moving that visitor's earlier events to the customer), later anonymous-only
   * events of a linked id get its customer, group calls merge group traits, and an identify that
   * would make its customer's traits heavier than CUSTOMER_TRAITS_LIMIT_BYTES is rejected (by its index).
   * Concurrent calls are committed together, in arrival order; each resolves once its events are committed.
   */
  async append(events: IncomingEvent[]): Promise<AppendResult> {
    if (events.length === 0) return { stored: 0, duplicates: 0, rejected: [] };
    const refused = unwritable(events);
    if (refused) throw new Error(`The events cannot be stored: ${refused}`);
    const result = await this.commits.submit(events);
    countEventsStored(result.stored);
    return result;
  }

  /** One call in a transaction of its own: one statement for plain events, else links, locks and the traits bound. */
  private async appendAlone(events: IncomingEvent[]): Promise<AppendResult> {
    if (events.every(plain)) {
      const [result] = await insertCalls(this.db, [events]);
      return result!;
    }
    return this.db.transaction(async (tx) => {
      const links = events.flatMap(linkOf);
      const anonymous = [
        ...links.map((l) => l.anonymousId),
        ...events.filter((e) => !e.userId && e.anonymousId).map((e) => e.anonymousId!),
      ];
      // Anonymous ids first, customers second: every writer locks in that order, so none deadlock.
      await lockKeys(
        tx,
        anonymous.map((id) => `anonymous:${id}`),
      );
      const customerOf = await linkedCustomers(tx, [...new Set(anonymous)]);
      for (const l of links) if (!customerOf.has(l.anonymousId)) customerOf.set(l.anonymousId, l.userId);
      const resolved = events.map((e) =>
        e.userId || !e.anonymousId ? e : { ...e, userId: customerOf.get(e.anonymousId) },
      );

      const identified = [...new Set(resolved.filter(bringsTraits).map((e) => e.userId!))];
      await lockKeys(
        tx,
        identified.map((id) => `customer:${id}`),
      );
      const traits = await traitsOfCustomers(tx, identified);
      const accepted: IncomingEvent[] = [];
      const rejected: AppendResult['rejected'] = [];
      resolved.forEach((e, index) => {
        if (bringsTraits(e)) {
          const before = traits.get(e.userId!) ?? {};
          const problem = traitBoundProblem(before, e.traits);
          if (problem) {
            rejected.push({ index, problem });
            return;
          }
          traits.set(e.userId!, { ...before, ...e.traits });
        }
        accepted.push(e);
      });

      const { stored } = await insertEvents(tx, accepted);
      const fresh = accepted.filter((e) => stored.has(e.messageId));
      await linkAnonymousIds(tx, fresh.flatMap(linkOf));
      await applyGroupCalls(
        tx,
        fresh
          .filter((e) => e.type === 'group' && e.groupId)
          .map((e) => ({ groupId: e.groupId!, userId: e.userId, traits: e.traits })),
      );
      await applySubscriptionTraits(tx, fresh);
      return { stored: stored.size, duplicates: accepted.length - stored.size, rejected };
    });
  }

  /**
   * A customer import's chunk in one transaction: its customers are locked and read once, `choose`
   * keeps the rows that change something given what is stored, a row that would make its customer's
   * traits heavier than CUSTOMER_TRAITS_LIMIT_BYTES is refused (by its index among the chosen rows),
   * and the rest are stored in one statement (see insertImportedIdentifies).
   */
  async appendImported(
    userIds: string[],
    chunk: ImportedChunk,
    choose: (stored: Map<string, CustomerState>) => ImportedIdentifyRow[],
  ): Promise<AppendResult> {
    const result = await this.db.transaction(async (tx) => {
      await lockKeys(
        tx,
        userIds.map((id) => `customer:${id}`),
      );
      const states = await customerStates(tx, userIds);
      const chosen = choose(states);
      const traits = new Map([...states].map(([id, s]) => [id, s.traits]));
      const accepted: ImportedIdentifyRow[] = [];
      const rejected: AppendResult['rejected'] = [];
      chosen.forEach((row, index) => {
        const before = traits.get(row.userId) ?? {};
        const problem = traitBoundProblem(before, row.traits);
        if (problem) rejected.push({ index, problem });
        else {
          traits.set(row.userId, { ...before, ...row.traits });
          accepted.push(row);
        }
      });
      // The statement's JSON text is built once and checked here: only text that holds an escaped NUL or
      // surrogate (as JSON.stringify writes them) can be refused by Postgres, so only then is it checked in full.
      const encoded = encodeImportedRows(accepted);
      if (encoded.json.includes('\\u0000') || encoded.json.includes('\\ud')) {
        const [problem] = unstorableText(accepted);
        if (problem) throw new Error(`The events cannot be stored: ${problem.path}: ${problem.message}`);
      }
      const stored = await insertImportedIdentifies(tx, chunk, encoded);
      // Subscription-group columns set the customer's groups like identify traits do (source `import`).
      await applySubscriptionTraits(
        tx,
        accepted
          .filter((row) => stored.has(row.messageId) && 'subscriptions' in row.traits)
          .map((row) => ({
            type: 'identify',
            messageId: row.messageId,
            userId: row.userId,
            anonymousId: undefined,
            event: undefined,
            properties: {},
            traits: row.traits,
            context: chunk.context,
            timestamp: chunk.timestamp,
            historical: chunk.historical,
          })),
      );
      return { stored: stored.size, duplicates: accepted.length - stored.size, rejected };
    });
    countEventsStored(result.stored);
    return result;
  }

  /** Calls `listener` whenever new events were stored, by any process; resolves to the unsubscribe function. */
  onAppended(listener: () => void): Promise<() => Promise<void>> {
    return this.db.listen(EVENTS_APPENDED, listener);
  }

  /** The stored events with these sequence numbers, in sequence order. */
  async bySeq(seqs: number[]): Promise<StoredEvent[]> {
    return (await eventsBySeq(this.db, seqs)).map(toStoredEvent);
  }

  /** A customer's most recent events, newest first. */
  async timeline(userId: string, limit = 100): Promise<StoredEvent[]> {
    return (await latestEventsOf(this.db, userId, limit)).map(toStoredEvent);
  }
}

/** The call type of a stored row; the store only ever writes Segment call types, so another is a bug. */
function callTypeOf(type: string): CallType {
  const known = Object.keys(CALLS).find((t): t is CallType => t === type);
  if (!known) throw new Error(`The events table holds a row of unknown type "${type}"`);
  return known;
}

function toStoredEvent(r: EventRow): StoredEvent {
  return {
    seq: Number(r.seq),
    messageId: r.message_id,
    type: callTypeOf(r.type),
    userId: r.user_id ?? undefined,
    anonymousId: r.anonymous_id ?? undefined,
    event: r.event ?? undefined,
    properties: r.properties,
    traits: r.traits,
    context: r.context,
    ...(r.group_id ? { groupId: r.group_id } : {}),
    ...(r.previous_id ? { previousId: r.previous_id } : {}),
    timestamp: new Date(r.timestamp).toISOString(),
    receivedAt: new Date(r.received_at).toISOString(),
  };
}
