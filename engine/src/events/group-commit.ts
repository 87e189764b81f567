// Group commit: while one commit is in flight, the calls that arrive meanwhile gather in a queue;
// when it ends, the gathered calls go to the database together, in one transaction and one commit.
// A commit costs about the same for one call as for many, so parallel clients make ingest faster
// instead of queueing behind each other's commits. Every caller is answered only after the commit
// that holds its rows, so nothing is acknowledged before it is durable.

/** How a group is written: `together` commits many calls at once, `alone` commits one. */
export interface GroupWriter<Call, Result> {
  /** Commits every call in one transaction, answering per call in the same order; throws when the group fails. */
  together(calls: Call[]): Promise<Result[]>;
  /** Commits one call in a transaction of its own (also used to find the faulty call of a failed group). */
  alone(call: Call): Promise<Result>;
  /** The rows a call writes, to bound a group's size. */
  rowsOf(call: Call): number;
  /** Whether a call may share a transaction with others; one that may not is committed alone, in its turn. */
  groupable(call: Call): boolean;
}

interface Waiting<Call, Result> {
  call: Call;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * A queue that coalesces concurrent calls into one commit, in arrival order, at most `maxRows` rows
 * a group (a call larger than that goes alone). If a group's commit fails, each of its calls is
 * committed alone, in order, so only a faulty call gets an error and the others are stored.
 */
export class GroupCommit<Call, Result> {
  private readonly queue: Array<Waiting<Call, Result>> = [];
  private inFlight = 0;

  /**
   * `maxInFlight` groups may commit at once (on separate connections): calls gather only while all
   * of them are busy. With more than one, two groups in flight together may commit in either order.
   */
  constructor(
    private readonly writer: GroupWriter<Call, Result>,
    private readonly maxRows: number,
    readonly maxInFlight = 1,
  ) {
    if (!Number.isInteger(maxRows) || maxRows < 1)
      throw new Error(`maxRows must be a whole number >= 1, not ${maxRows}`);
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new Error(`maxInFlight must be a whole number >= 1, not ${maxInFlight}`);
  }

  /** Commits `call` with whichever calls are waiting beside it; resolves after the commit that holds it. */
  submit(call: Call): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ call, resolve, reject });
      if (this.inFlight < this.maxInFlight) {
        this.inFlight++;
        void this.flush();
      }
    });
  }

  /** Writes groups until the queue is empty. Never throws: every failure goes to its caller. */
  private async flush(): Promise<void> {
    try {
      for (let group = this.nextGroup(); group.length > 0; group = this.nextGroup()) await this.commit(group);
    } finally {
      this.inFlight--;
    }
  }

  /** The longest run of groupable calls at the head of the queue within the row bound, or the head call alone. */
  private nextGroup(): Array<Waiting<Call, Result>> {
    const head = this.queue[0];
    if (!head) return [];
    let count = 1;
    let rows = this.writer.rowsOf(head.call);
    if (this.writer.groupable(head.call)) {
      for (const next of this.queue.slice(1)) {
        const more = this.writer.rowsOf(next.call);
        if (!this.writer.groupable(next.call) || rows + more > this.maxRows) break;
        rows += more;
        count++;
      }
    }
    return this.queue.splice(0, count);
  }

  private async commit(group: Array<Waiting<Call, Result>>): Promise<void> {
    if (group.length > 1) {
      const results = await this.writer.together(group.map((w) => w.call)).catch(() => undefined);
      // Undefined: nothing of the group was committed, and each call alone below finds the faulty one.
      if (results) {
        const bug = new Error(`A group of ${group.length} calls was answered with ${results.length} results`);
        group.forEach((w, i) => (i < results.length ? w.resolve(results[i]!) : w.reject(bug)));
        return;
      }
    }
    for (const w of group) {
      try {
        w.resolve(await this.writer.alone(w.call));
      } catch (error) {
        w.reject(error);
      }
    }
  }
}
