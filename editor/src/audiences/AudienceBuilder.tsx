import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../api/client.ts';
import { go } from '../navigation/route.ts';
import { ConditionNode } from './ConditionTree.tsx';
import { conditionOf, editableDraft, problemText, type ConditionDraft, type Problem } from './draft.ts';
import { LivePreview } from './LivePreview.tsx';
import { MembershipChart } from './MembershipChart.tsx';
import { AudienceRecord } from './shapes.ts';
import { usePreview } from './usePreview.ts';

/** "Lapsed customers!" -> "lapsed-customers": an id the API takes, suggested from the name. */
export const idFromName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

/** Creates an audience (no `saved`) or edits a saved one: name, the condition tree, the live count, save; `onSaved` gets the stored record. */
export function AudienceBuilder({
  saved,
  onSaved,
}: {
  saved?: AudienceRecord;
  onSaved: (record: AudienceRecord) => void;
}) {
  const [name, setName] = useState(saved?.name ?? '');
  const [id, setId] = useState<string | null>(saved?.id ?? null);
  const [draft, setDraft] = useState<ConditionDraft>(() => editableDraft(saved?.definition.condition));
  const [saveProblems, setSaveProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const preview = usePreview(draft);
  const audienceId = id ?? idFromName(name);
  const problems = [...preview.problems, ...saveProblems];
  const others = saveProblems.filter((p) => !['id', 'name'].includes(p.path) && !p.path.startsWith('condition'));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setMessage(null);
    const definition = { id: audienceId, name, condition: conditionOf(draft) };
    try {
      const answer = saved
        ? await api('PUT', `/v1/audiences/${encodeURIComponent(saved.id)}`, AudienceRecord, definition)
        : await api('POST', '/v1/audiences', AudienceRecord, definition);
      setSaveProblems([]);
      setMessage(`Saved: ${answer.size} member${answer.size === 1 ? '' : 's'}`);
      onSaved(answer);
      if (!saved) go({ page: 'audiences', id: answer.id });
    } catch (e) {
      setSaveProblems(e instanceof ApiError ? e.problems : []);
      setMessage(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="audience-builder" aria-label="Audience" onSubmit={(e) => void save(e)}>
      <div className="audience-builder-main">
        <FieldLine label="Name" error={problemText(saveProblems, 'name')}>
          {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} />}
        </FieldLine>
        <FieldLine label="Id" error={problemText(saveProblems, 'id')}>
          {(props) => (
            <input
              {...props}
              value={audienceId}
              disabled={saved !== undefined}
              onChange={(e) => setId(e.target.value)}
            />
          )}
        </FieldLine>
        <h2>Who belongs</h2>
        <ConditionNode draft={draft} path="condition" problems={problems} disabled={saving} onChange={setDraft} />
        {others.map((p) => (
          <p key={p.path} className="error" role="alert">
            {p.path}: {p.message}
          </p>
        ))}
        <div className="audience-actions">
          <button type="submit" disabled={saving}>
            {saved ? 'Save changes' : 'Create audience'}
          </button>
          {message && <span role="status">{message}</span>}
        </div>
      </div>
      <aside className="audience-builder-side">
        <LivePreview state={preview} />
        {saved && <MembershipChart id={saved.id} version={saved.version} />}
      </aside>
    </form>
  );
}

interface InputAttributes {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** A labelled input with its error below, like the inspector's fields. */
function FieldLine({
  label,
  error,
  children,
}: {
  label: string;
  error: string | undefined;
  children: (props: InputAttributes) => ReactNode;
}) {
  const id = `audience-${label.toLowerCase()}`;
  const described = error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({ id, ...described })}
      {error && (
        <small id={`${id}-error`} className="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
