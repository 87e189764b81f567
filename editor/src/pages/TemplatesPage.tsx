import { useEffect, useState } from 'react';
import { TemplateList } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { hashOf } from '../navigation/route.ts';
import { TemplateEditor } from '../templates/TemplateEditor.tsx';

/** Email templates: the list, and one template's MJML source with save and a live preview. */
export function TemplatesPage({ id }: { id?: string }) {
  const [list, setList] = useState<Array<{ id: string; subject: string }>>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api('GET', '/v1/templates', TemplateList).then(
      (t) => setList(t.templates),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [id]);
  return (
    <main className="page templates">
      <h1>Email templates</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="templates-body">
        <ul className="template-list">
          {list.map((t) => (
            <li key={t.id}>
              <a href={hashOf({ page: 'templates', id: t.id })} aria-current={t.id === id ? 'page' : undefined}>
                {t.id}
              </a>
              <small>{t.subject}</small>
            </li>
          ))}
        </ul>
        {id && <TemplateEditor key={id} id={id} />}
      </div>
    </main>
  );
}
