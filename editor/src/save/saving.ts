import { create } from 'zustand';
import { JourneyRecordShape } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { currentJourney, useJourney } from '../journey/store.ts';

/** Where the draft stands against the server. */
export type SaveState = 'saved' | 'unsaved' | 'saving' | 'failed';

interface Saving {
  state: SaveState;
  error: string | null;
  savedRevision: number;
  /** Saves the draft now if it has unsaved edits; resolves when the server has it. */
  flush(): Promise<void>;
  reset(): void;
}

let inFlight: Promise<void> | null = null;

/** The draft's save state; autosave and publish both go through `flush`. */
export const useSaving = create<Saving>((set, get) => ({
  state: 'saved',
  error: null,
  savedRevision: 0,
  reset: () => set({ state: 'saved', error: null, savedRevision: 0 }),
  async flush() {
    while (inFlight) await inFlight;
    const doc = useJourney.getState();
    if (doc.readOnly || doc.revision === get().savedRevision) return;
    const revision = doc.revision;
    const journey = currentJourney(doc);
    set({ state: 'saving' });
    inFlight = (async () => {
      try {
        await api('PUT', `/v1/journeys/${encodeURIComponent(journey.id)}`, JourneyRecordShape, journey);
        // Saved on the way out of a journey: the one open now has its own save state.
        if (useJourney.getState().meta.id !== journey.id) return;
        const now = useJourney.getState().revision;
        set({ savedRevision: revision, state: now === revision ? 'saved' : 'unsaved', error: null });
      } catch (e) {
        if (useJourney.getState().meta.id === journey.id) set({ state: 'failed', error: messageOf(e) });
      } finally {
        inFlight = null;
      }
    })();
    await inFlight;
  },
}));
