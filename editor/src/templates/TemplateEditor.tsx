import { useEffect, useState } from 'react';
import { TemplateSourceShape } from '@boomerang/engine/api-shapes';
import { api, ApiError, messageOf } from '../api/client.ts';
import { MjmlEditor } from './MjmlEditor.tsx';
import { TemplatePreview } from './TemplatePreview.tsx';

/** One template's MJML source with save, its problems by line, and a live preview. */
export function TemplateEditor({ id }: { id: string }) {
  const [source, setSource] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [problems, setProblems] = useState<Array<{ line: number; tag: string; message: string }>>([]);
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    api('GET', `/v1/templates/${encodeURIComponent(id)}`, TemplateSourceShape).then(
      (t) => {
        setSource(t.source);
        setDraft(t.source);
      },
      (e: unknown) => setStatus(messageOf(e)),
    );
  }, [id]);
  const save = async () => {
    setStatus('Saving…');
    setProblems([]);
    try {
      await api('PUT', `/v1/templates/${encodeURIComponent(id)}`, TemplateSourceShape, { source: draft });
      setSource(draft);
      setStatus('Saved');
      setRevision(revision + 1);
    } catch (e) {
      setStatus(messageOf(e));
      if (e instanceof ApiError) setProblems(e.templateProblems);
    }
  };
  if (source === null) return <p>{status ?? 'Loading…'}</p>;
  return (
    <section className="template-editor" aria-label={`Template ${id}`}>
      <div className="template-source">
        <MjmlEditor source={source} onChange={setDraft} />
        <button type="button" className="primary" onClick={() => void save()} disabled={draft === source}>
          Save template
        </button>
        {status && <span role="status"> {status}</span>}
        {problems.length > 0 && (
          <ul className="error">
            {problems.map((p, i) => (
              <li key={i}>
                Line {p.line} ({p.tag}): {p.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <TemplatePreview key={revision} templateId={id} />
    </section>
  );
}
