import { describe, expect, it } from 'vitest';
import { GroupCommit, type GroupWriter } from '../../../engine/src/events/group-commit.ts';

// The queue alone, over a writer that records what it was asked to commit: which calls share a
// group, the row bound, arrival order, and that a failed group is retried call by call.
function recordingWriter(faulty: (call: string[]) => boolean = () => false) {
  const groups: string[][][] = [];
  const alone: string[][] = [];
  let release: (() => void) | undefined;
  const gate = { hold: true };
  const writer: GroupWriter<string[], string> = {
    async together(calls) {
      groups.push(calls);
      if (calls.some(faulty)) throw new Error('the group statement failed');
      return calls.map((c) => c.join('+'));
    },
    async alone(call) {
      alone.push(call);
      // The first call is held in flight until the test lets it go, so the next ones gather.
      if (gate.hold) {
        gate.hold = false;
        await new Promise<void>((r) => (release = r));
      }
      if (faulty(call)) throw new Error(`call ${call.join('+')} is faulty`);
      return call.join('+');
    },
    rowsOf: (call) => call.length,
    groupable: (call) => !call.includes('solo'),
  };
  return { writer, groups, alone, release: () => release?.() };
}

describe('group commit', () => {
  it('gathers the calls that arrive while a commit is in flight into groups of at most maxRows rows, in arrival order', async () => {
    const w = recordingWriter();
    const queue = new GroupCommit(w.writer, 5);
    const first = queue.submit(['a']);
    const rest = [['b', 'c'], ['d', 'e'], ['f', 'g'], ['h', 'i', 'j', 'k', 'l', 'm'], ['n']].map((c) =>
      queue.submit(c),
    );
    w.release();
    expect(await Promise.all([first, ...rest])).toEqual(['a', 'b+c', 'd+e', 'f+g', 'h+i+j+k+l+m', 'n']);
    // Hand-worked: b,c + d,e = 4 rows, f,g would make 6 > 5; the 6-row call exceeds the bound and goes alone.
    expect(w.groups).toEqual([
      [
        ['b', 'c'],
        ['d', 'e'],
      ],
    ]);
    expect(w.alone).toEqual([['a'], ['f', 'g'], ['h', 'i', 'j', 'k', 'l', 'm'], ['n']]);
  });

  it('commits a call that may not share a transaction alone, in its turn', async () => {
    const w = recordingWriter();
    const queue = new GroupCommit(w.writer, 100);
    const all = [['a'], ['b'], ['c'], ['solo'], ['d'], ['e']].map((c) => queue.submit(c));
    w.release();
    await Promise.all(all);
    expect(w.groups).toEqual([
      [['b'], ['c']],
      [['d'], ['e']],
    ]);
    expect(w.alone).toEqual([['a'], ['solo']]);
  });

  it('when a group fails, commits each of its calls alone, so only the faulty one gets an error', async () => {
    const w = recordingWriter((call) => call.includes('bad'));
    const queue = new GroupCommit(w.writer, 100);
    const first = queue.submit(['a']);
    const rest = [['b'], ['bad'], ['c']].map((c) => queue.submit(c));
    w.release();
    const settled = await Promise.allSettled([first, ...rest]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : String(s.reason)))).toEqual([
      'a',
      'b',
      'Error: call bad is faulty',
      'c',
    ]);
    expect(w.alone).toEqual([['a'], ['b'], ['bad'], ['c']]);
  });

  it('with two groups allowed in flight, starts the second call at once and gathers only behind both', async () => {
    const w = recordingWriter();
    const queue = new GroupCommit(w.writer, 100, 2);
    const all = [['a'], ['b'], ['c'], ['d']].map((c) => queue.submit(c));
    // 'a' is held in flight; 'b' took the second slot on its own; 'c' and 'd' gathered behind them.
    expect(await all[1]).toBe('b');
    w.release();
    await Promise.all(all);
    expect(w.alone).toEqual([['a'], ['b']]);
    expect(w.groups).toEqual([[['c'], ['d']]]);
  });
});
