import { useEffect, useState } from 'react';
import { TemplateList, TemplateSourceShape } from '@boomerang/engine/api-shapes';
import { api, ApiError, messageOf } from '../api/client.ts';
import { hashOf } from '../app/route.ts';
import { MjmlEditor } from './MjmlEditor.tsx';
import { TemplatePreview } from './TemplatePreview.tsx';

/** Email templates: the list, and one template's MJML source with save and a live preview. */
export function TemplatesPage({ id }: { id?: string }) {
  const [list, setList] = useState<Array<{ id: string; subject: string }>>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { api('GET', '/v1/templates', TemplateList).then((t) => setList(t.templates), (e: unknown) => setError(messageOf(e))); }, [id]);
  return (
    <main className="page templates">
      <h1>Email templates</h1>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="templates-body">
        <ul className="template-list">{list.map((t) => <li key={t.id}><a href={hashOf({ page: 'templates', id: t.id })} aria-current={t.id === id ? 'page' : undefined}>{t.id}</a><small>{t.subject}</small></li>)}</ul>
        {id && <TemplateEditor key={id} id={id} />}
      </div>
    </main>
  );
}

function TemplateEditor({ id }: { id: string }) {
  const [source, setSource] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [problems, setProblems] = useState<Array<{ line: number; tag: string; message: string }>>([]);
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    api('GET', `/v1/templates/${encodeURIComponent(id)}`, TemplateSourceShape).then((t) => { setSource(t.source); setDraft(t.source); }, (e: unknown) => setStatus(messageOf(e)));
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
        <button type="button" className="primary" onClick={() => void save()} disabled={draft === source}>Save template</button>
        {status && <span role="status"> {status}</span>}
        {problems.length > 0 && <ul className="error">{problems.map((p, i) => <li key={i}>Line {p.line} ({p.tag}): {p.message}</li>)}</ul>}
      </div>
      <TemplatePreview key={revision} templateId={id} />
    </section>
  );
}
