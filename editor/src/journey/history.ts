/** Past and future snapshots around the present one; every edit is one step back. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/** How many steps back undo can go. */
export const HISTORY_LIMIT = 200;

/**
 * Starts a history at `present`.
 * @example startHistory(journey).past.length === 0
 */
export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** Makes `next` the present, keeping the old present for undo and dropping the redo steps. */
export function record<T>(history: History<T>, next: T): History<T> {
  if (Object.is(next, history.present)) return history;
  const past = [...history.past, history.present];
  return {
    past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past,
    present: next,
    future: [],
  };
}

/** Steps back one edit; unchanged when there is nothing to undo. */
export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (history.past.length === 0 || previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

/** Re-applies the edit undo took back; unchanged when there is nothing to redo. */
export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}
