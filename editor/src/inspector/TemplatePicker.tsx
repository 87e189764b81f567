import { useEffect, useState } from 'react';
import { PreviewAnswer } from '@boomerang/engine/api-shapes';
import { useCatalog } from '../api/catalog.ts';
import { api } from '../api/client.ts';
import { ChoiceSelect, type PickerProps } from './ListPicker.tsx';

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
export function TemplatePicker(props: PickerProps) {
  const templates = useCatalog((s) => s.templates);
  const known = templates.some((t) => t.id === props.value);
  return (
    <span className="template-picker">
      <ChoiceSelect
        {...props}
        choices={templates.map((t) => ({ value: t.id, label: t.id }))}
        empty="Choose a template…"
      />
      {known && typeof props.value === 'string' && <Thumbnail templateId={props.value} />}
    </span>
  );
}
