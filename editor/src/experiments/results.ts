import { useEffect } from 'react';
import { create } from 'zustand';
import { ExperimentsResponse } from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';

const EVERY_MS = 5000;

/** GET /v1/journeys/:id/experiments as last read: live results per split, and the draft's planned sample sizes. */
export const useExperiments = create<{ answer: ExperimentsResponse | null; error: string | null }>(() => ({
  answer: null,
  error: null,
}));

/** Reads the journey's experiments while the page is open; `refresh` changing (a publish) reads them at once. */
export function useExperimentResults(journeyId: string, refresh: number): void {
  useEffect(() => {
    let current = true;
    const load = () =>
      api('GET', `/v1/journeys/${encodeURIComponent(journeyId)}/experiments`, ExperimentsResponse).then(
        (answer) => {
          if (current) useExperiments.setState({ answer, error: null });
        },
        (e: unknown) => {
          if (current) useExperiments.setState({ error: e instanceof Error ? e.message : String(e) });
        },
      );
    void load();
    const timer = setInterval(load, EVERY_MS);
    return () => {
      current = false;
      clearInterval(timer);
      useExperiments.setState({ answer: null, error: null });
    };
  }, [journeyId, refresh]);
}
