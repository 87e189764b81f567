import {
  backfillAudience,
  claimDueChecks,
  findAudience,
  firstSeenByAudiences,
  listAudiences,
  reevaluateCustomer,
  reevaluateCustomers,
  type AudienceRecord,
  type AudienceToKeep,
  type Database,
} from '../db/index.ts';
import { AudienceDefinition } from '../model/index.ts';
import { isTouchedBy, mentionsOf, type AudienceMentions } from './mentions.ts';

/** A routed call as membership needs it: whose, and which event name or traits it brings. */
export interface RoutedCall {
  type: string;
  userId?: string | undefined;
  event?: string | undefined;
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

/**
 * Keeps audience membership current without polling: for each routed event or identify call, only the
 * audiences whose conditions mention that event name or trait are re-evaluated, for that customer only;
 * time-driven changes come from the due checks (`checkDue`), which re-evaluate exactly the customers
 * whose scheduled instant has come. `now` is injectable so tests can move time.
 */
export class AudienceKeeper {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Re-evaluates the audiences each call can change, for its customer, after the whole batch (see below). */
  async onRouted(calls: RoutedCall[]): Promise<MembershipChanges> {
    const changes = { entered: 0, exited: 0 };
    const withCustomer = calls.filter((c) => c.userId);
    if (withCustomer.length === 0) return changes;
    const audiences = (await listAudiences(this.db)).map(kept);
    if (audiences.length === 0) return changes;
    // A customer's first call is checked against every audience: "never ordered" holds with no data at all.
    const fresh = await firstSeenByAudiences(this.db, [...new Set(withCustomer.map((c) => c.userId!))]);
    // Every call of the batch is stored before it is routed, so evaluating a customer once per batch
    // and audience gives what evaluating after each call would: one statement per audience touched.
    const touchedBy = new Map<Kept, Set<string>>();
    for (const call of withCustomer) {
      const first = fresh.delete(call.userId!);
      const touched = audiences.filter(
        (a) =>
          first ||
          isTouchedBy(
            a.mentions,
            call.type === 'identify'
              ? { traits: Object.keys(call.traits) }
              : call.event === undefined
                ? {}
                : { event: call.event },
          ),
      );
      for (const a of touched) touchedBy.set(a, (touchedBy.get(a) ?? new Set()).add(call.userId!));
    }
    // One transaction for the batch; audiences in id order, so routers sharing customers lock alike.
    const touchedInOrder = [...touchedBy].sort(([a], [b]) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (touchedInOrder.length === 0) return changes;
    await this.db.transaction(async (tx) => {
      for (const [a, userIds] of touchedInOrder)
        for (const change of (await reevaluateCustomers(tx, a, [...userIds], this.now())).values())
          this.#count(changes, change);
    });
    return changes;
  }

  /** Re-evaluates every (audience, customer) whose next check is due, `batch` at a time, until none is left. */
  async checkDue(batch = 200): Promise<MembershipChanges> {
    const changes = { entered: 0, exited: 0 };
    const definitions = new Map<string, Kept | undefined>();
    for (;;) {
      const due = await claimDueChecks(this.db, this.now(), batch);
      for (const d of due) {
        if (!definitions.has(d.audienceId)) {
          const record = await findAudience(this.db, d.audienceId);
          definitions.set(d.audienceId, record && kept(record));
        }
        const a = definitions.get(d.audienceId);
        if (a) this.#count(changes, await this.#reevaluate(a, d.userId));
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
}
