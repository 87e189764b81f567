import { useEffect } from 'react';
import { useJourney } from '../journey/store.ts';

const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** Ctrl/Cmd-Z undo, Ctrl/Cmd-Shift-Z (or Ctrl-Y) redo, Ctrl/Cmd-C copy, Ctrl/Cmd-V paste; not while typing in a field. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || typingIn(event.target)) return;
      const doc = useJourney.getState();
      const key = event.key.toLowerCase();
      if (key === 'z' && event.shiftKey) doc.redo();
      else if (key === 'z') doc.undo();
      else if (key === 'y') doc.redo();
      else if (key === 'c') doc.copy();
      else if (key === 'v') doc.paste();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
