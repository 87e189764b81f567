import type { LayoutDirection } from '../journey/layout.ts';
import { useJourney } from '../journey/store.ts';
import { PublishButton } from '../save/PublishButton.tsx';
import { useSaving } from '../save/saving.ts';
import { useReadableFit } from './useReadableFit.ts';

const DIRECTIONS: ReadonlyArray<{ direction: LayoutDirection; words: string; arrow: string }> = [
  { direction: 'LR', words: 'Left to right', arrow: '→' },
  { direction: 'TB', words: 'Top to bottom', arrow: '↓' },
];

const SAVE_WORDS = {
  saved: 'All changes saved',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  failed: 'Not saved',
} as const;

/** Name, save state, undo/redo, layout (left to right or top to bottom), fit, and publish. */
export function Toolbar({
  onPublished,
  side,
  onSide,
}: {
  onPublished: (version: number) => void;
  side: string;
  onSide: (side: 'history' | 'simulate' | 'inspector') => void;
}) {
  const name = useJourney((s) => s.meta.name);
  const readOnly = useJourney((s) => s.readOnly);
  const canUndo = useJourney((s) => s.history.past.length > 0);
  const canRedo = useJourney((s) => s.history.future.length > 0);
  const saveState = useSaving((s) => s.state);
  const saveError = useSaving((s) => s.error);
  const direction = useJourney((s) => s.direction);
  const fit = useReadableFit();
  const layOut = (to?: LayoutDirection) => {
    useJourney.getState().autoLayout(to);
    window.setTimeout(() => fit({ duration: 300 }), 50);
  };
  return (
    <header className="toolbar">
      <a href="#/journeys">← Journeys</a>
      <h1>
        {name}
        {readOnly && <span className="badge">read-only</span>}
      </h1>
      {!readOnly && (
        <span className={`save-state save-${saveState}`} role="status" title={saveError ?? undefined}>
          {SAVE_WORDS[saveState]}
          {saveError ? `: ${saveError}` : ''}
        </span>
      )}
      <span className="spacer" />
      {!readOnly && (
        <>
          <button type="button" onClick={() => useJourney.getState().undo()} disabled={!canUndo} title="Ctrl-Z">
            Undo
          </button>
          <button type="button" onClick={() => useJourney.getState().redo()} disabled={!canRedo} title="Ctrl-Shift-Z">
            Redo
          </button>
          <button type="button" onClick={() => layOut()}>
            Auto layout
          </button>
          <span className="button-group" role="group" aria-label="Arrows run">
            {DIRECTIONS.map((d) => (
              <button
                type="button"
                key={d.direction}
                aria-pressed={direction === d.direction}
                aria-label={d.words}
                title={`Lay out ${d.words.toLowerCase()}`}
                onClick={() => layOut(d.direction)}
              >
                {d.arrow}
              </button>
            ))}
          </span>
        </>
      )}
      <button type="button" onClick={() => fit({ duration: 300 })}>
        Fit view
      </button>
      {(['inspector', 'simulate', 'history'] as const).map((s) => (
        <button type="button" key={s} aria-pressed={side === s} onClick={() => onSide(s)}>
          {s === 'inspector' ? 'Inspector' : s === 'simulate' ? 'Simulate' : 'History'}
        </button>
      ))}
      <PublishButton onPublished={onPublished} />
    </header>
  );
}
