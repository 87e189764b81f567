import { useState } from 'react';
import { PublishAnswer } from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';
import { useJourney } from '../journey/store.ts';
import { useProblems } from '../validation/problems.ts';
import { useSubmitDraft } from './useSubmitDraft.ts';

/** Publish with an optional note; disabled while the journey has violations. */
export function PublishButton({ onPublished }: { onPublished: (version: number) => void }) {
  const violations = useProblems((s) => s.violations.length);
  const checking = useProblems((s) => s.checking);
  const readOnly = useJourney((s) => s.readOnly);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const { submit: publish, error } = useSubmitDraft(async () => {
    const id = useJourney.getState().meta.id;
    const { version } = await api(
      'POST',
      `/v1/journeys/${encodeURIComponent(id)}/publish`,
      PublishAnswer,
      note.trim() ? { note: note.trim() } : {},
    );
    setOpen(false);
    setNote('');
    onPublished(version);
  });
  if (readOnly) return null;
  const blocked = violations > 0 || checking;

  return (
    <span className="publish">
      <button
        type="button"
        className="primary"
        disabled={blocked}
        title={blocked ? 'Fix the problems first' : 'Make this draft the live version'}
        onClick={() => setOpen(true)}
      >
        Publish
      </button>
      {open && (
        <div className="dialog" role="dialog" aria-label="Publish">
          <form onSubmit={publish}>
            <h2>Publish a new version</h2>
            <p>Customers already in the journey stay on the version they entered with.</p>
            <label className="field-label">
              Note (optional)
              <input
                autoFocus
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={500}
                placeholder="What changed?"
              />
            </label>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary" disabled={blocked}>
              Publish now
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </form>
        </div>
      )}
    </span>
  );
}
