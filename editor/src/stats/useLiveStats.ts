import { useEffect } from 'react';
import { JourneyStats } from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';
import { useStats } from './stats.ts';

const EVERY_MS = 3000;

/** Polls the per-node counts of a published version while the page is open. */
export function useLiveStats(journeyId: string, version: number | null): void {
  useEffect(() => {
    if (version === null) {
      useStats.getState().show('none', {});
      return;
    }
    let current = true;
    const load = () =>
      api('GET', `/v1/journeys/${encodeURIComponent(journeyId)}/stats?version=${version}`, JourneyStats).then(
        (s) => {
          if (current && useStats.getState().source !== 'simulation') useStats.getState().show('live', s.nodes);
        },
        () => undefined,
      );
    void load();
    const timer = setInterval(load, EVERY_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [journeyId, version]);
}
