import { useEffect } from 'react';
import { useJourney } from '../journey/store.ts';
import { useSaving } from './saving.ts';

const AUTOSAVE_DELAY_MS = 800;

/** Saves the draft shortly after the last edit, and warns before leaving with unsaved edits. */
export function useAutosave(): void {
  const revision = useJourney((s) => s.revision);
  useEffect(() => {
    const saving = useSaving.getState();
    if (revision === saving.savedRevision || useJourney.getState().readOnly) return;
    useSaving.setState({ state: 'unsaved' });
    const timer = setTimeout(() => {
      void useSaving.getState().flush();
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [revision]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (useSaving.getState().state === 'saved') return;
      event.preventDefault();
      void useSaving.getState().flush();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      // Leaving the journey inside the app (another page, another journey): save what is pending now.
      void useSaving.getState().flush();
    };
  }, []);
}
