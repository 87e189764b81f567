import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, record, redo, startHistory, undo } from '../../../editor/src/journey/history.ts';

describe('undo history', () => {
  it('undoes and redoes edits in order', () => {
    let h = startHistory('a');
    h = record(h, 'b');
    h = record(h, 'c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    h = redo(h);
    expect(h.present).toBe('b');
    h = redo(h);
    expect(h.present).toBe('c');
  });

  it('drops the redo steps when a new edit is made after an undo', () => {
    const h = record(undo(record(startHistory(1), 2)), 3);
    expect(h).toEqual({ past: [1], present: 3, future: [] });
    expect(redo(h)).toBe(h);
  });

  it('leaves the history unchanged when there is nothing to undo or redo', () => {
    const h = startHistory('only');
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it(`keeps at most ${HISTORY_LIMIT} steps back`, () => {
    let h = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h = record(h, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]).toBe(10);
  });
});
