/** A batch being stored: the customers it names and when it is done. */
interface InFlight {
  customers: ReadonlySet<string>;
  done: Promise<void>;
}

/**
 * Runs the stores of an import's batches, up to `limit` at once, while the file is read on. A batch
 * that names a customer an earlier batch still in flight names waits for that one first, so for each
 * customer the batches are stored in file order (a later row wins) while batches of other customers
 * overlap (on Postgres each runs on its own connection, so the server uses more than one core).
 */
export class BatchesInFlight {
  private readonly running: InFlight[] = [];
  private failure: { error: unknown } | undefined;

  constructor(private readonly limit: number) {}

  /** Starts storing a batch once a slot is free and no earlier batch of the same customers is running; rethrows an earlier batch's failure. */
  async start(customers: ReadonlySet<string>, store: () => Promise<void>): Promise<void> {
    for (;;) {
      this.throwIfFailed();
      const earlier = this.running.filter((b) => [...b.customers].some((id) => customers.has(id)));
      if (earlier.length > 0) await Promise.all(earlier.map((b) => b.done));
      else if (this.running.length >= this.limit) await Promise.race(this.running.map((b) => b.done));
      else break;
    }
    const batch: InFlight = {
      customers,
      done: store().then(
        () => this.remove(batch),
        (error: unknown) => {
          this.failure ??= { error };
          this.remove(batch);
        },
      ),
    };
    this.running.push(batch);
  }

  /** Waits for every batch started; rethrows the first failure. */
  async finish(): Promise<void> {
    await Promise.all(this.running.map((b) => b.done));
    this.throwIfFailed();
  }

  private remove(batch: InFlight): void {
    const at = this.running.indexOf(batch);
    if (at >= 0) this.running.splice(at, 1);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
