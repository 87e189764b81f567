/** One email the journey should send: to whom, and which step sent it (the subject names the step). */
export interface ExpectedEmail {
  recipient: string;
  subject: string;
}

/** A send the engine itself reports as in doubt (it may or may not have reached the relay). */
export interface InDoubtSend {
  recipient: string;
  subject: string;
}

/** What became of one in-doubt send, by the relay's count. */
export interface InDoubtAccount extends InDoubtSend {
  delivered: number;
}

/** One scenario's count of emails, against the relay's log. */
export interface Tally {
  customers: number;
  expected: number;
  /** Distinct expected emails the relay received at least once. */
  sent: number;
  /** Expected emails the relay never received, not counting those reported in doubt. */
  lost: ExpectedEmail[];
  /** Expected emails the relay received more than once, not counting those reported in doubt. */
  duplicated: Array<ExpectedEmail & { copies: number }>;
  /** Emails the relay received that nobody expected (a wrong recipient or subject). */
  unexpected: ExpectedEmail[];
  inDoubt: InDoubtAccount[];
}

const keyOf = (e: ExpectedEmail) => `${e.recipient.toLowerCase()}\n${e.subject}`;

/**
 * Counts emails by recipient and subject: every expected email should have reached the relay exactly
 * once. Sends the engine reported in doubt are excused from that and listed apart with their count.
 */
export function tallyEmails(
  customers: number,
  expected: ExpectedEmail[],
  delivered: ExpectedEmail[],
  inDoubt: InDoubtSend[],
): Tally {
  const copies = new Map<string, number>();
  for (const d of delivered) copies.set(keyOf(d), (copies.get(keyOf(d)) ?? 0) + 1);
  const doubtful = new Set(inDoubt.map(keyOf));
  const wanted = new Set(expected.map(keyOf));
  const tally: Tally = {
    customers,
    expected: expected.length,
    sent: 0,
    lost: [],
    duplicated: [],
    unexpected: [],
    inDoubt: [],
  };
  for (const e of expected) {
    const n = copies.get(keyOf(e)) ?? 0;
    if (n > 0) tally.sent += 1;
    if (doubtful.has(keyOf(e))) continue; // listed below with the relay's count instead
    if (n === 0) tally.lost.push(e);
    if (n > 1) tally.duplicated.push({ ...e, copies: n });
  }
  for (const d of inDoubt) tally.inDoubt.push({ ...d, delivered: copies.get(keyOf(d)) ?? 0 });
  const seen = new Set<string>();
  for (const d of delivered) {
    if (!wanted.has(keyOf(d)) && !seen.has(keyOf(d))) {
      seen.add(keyOf(d));
      tally.unexpected.push(d);
    }
  }
  return tally;
}

/** Whether a tally meets the goal: nothing lost, nothing doubled, nothing unexpected (in-doubt sends aside). */
export function tallyPasses(t: Tally): boolean {
  return t.lost.length === 0 && t.duplicated.length === 0 && t.unexpected.length === 0;
}
