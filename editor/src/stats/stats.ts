import { create } from 'zustand';
import type { EmailRates } from '@boomerang/engine/api-shapes';

/** Counts shown on each node: from the live journey or from a simulation. */
export interface Counts {
  entered: number;
  waiting: number;
  exited: number;
  failed?: number | undefined;
  /** Email steps (live counts only): what became of their emails. */
  email?: EmailRates | undefined;
}

interface StatsState {
  /** Where the counts come from, shown in the toolbar. */
  source: 'none' | 'live' | 'simulation';
  counts: Record<string, Counts>;
  /** Arrow counts by "from:branch->to" (simulation only). */
  arrows: Record<string, number>;
  show(source: StatsState['source'], counts: Record<string, Counts>, arrows?: Record<string, number>): void;
}

/** Node and arrow counts drawn on the canvas. */
export const useStats = create<StatsState>((set) => ({
  source: 'none',
  counts: {},
  arrows: {},
  show: (source, counts, arrows = {}) => set({ source, counts, arrows }),
}));
