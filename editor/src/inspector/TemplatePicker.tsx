import { useEffect, useState } from 'react';
import { PreviewAnswer } from '@boomerang/engine/api-shapes';
import { useCatalog } from '../api/catalog.ts';
import { api } from '../api/client.ts';

/** A small picture of a template rendered for the sample customer. */
function Thumbnail({ templateId }: { templateId: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api('POST', `/v1/templates/${encodeURIComponent(templateId)}/preview`, PreviewAnswer, {}).then(
      (p) => {
        if (current) setHtml(p.html);
      },
      () => {
        if (current) setHtml(null);
      },
    );
    return () => {
      current = false;
    };
  }, [templateId]);
  if (html === null) return null;
  return (
    <div className="thumbnail" aria-hidden>
      <iframe title={`Thumbnail of ${templateId}`} sandbox="" srcDoc={html} tabIndex={-1} />
    </div>
  );
}

/** Chooses an email template from the server's list, with a thumbnail of the choice. */
export function TemplatePicker({
  id,
  value,
  disabled,
  invalid,
  onChange,
}: {
  id: string;
  value: unknown;
  disabled: boolean;
  invalid: boolean;
  onChange: (value: string | undefined) => void;
}) {
  const templates = useCatalog((s) => s.templates);
  const chosen = typeof value === 'string' ? value : '';
  const known = templates.some((t) => t.id === chosen);
  return (
    <span className="template-picker">
      <select
        id={id}
        value={chosen}
        disabled={disabled}
        aria-invalid={invalid || undefined}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      >
        <option value="">Choose a template…</option>
        {chosen !== '' && !known && <option value={chosen}>{chosen} (does not exist)</option>}
        {templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.id}
          </option>
        ))}
      </select>
      {known && <Thumbnail templateId={chosen} />}
    </span>
  );
}
