import { xml } from '@codemirror/lang-xml';
import { EditorView, basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

/** MJML source in CodeMirror 6 (XML highlighting); reports every change. */
export function MjmlEditor({ source, onChange }: { source: string; onChange: (source: string) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      doc: source,
      parent: host.current,
      extensions: [
        basicSetup,
        xml(),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) latest.current(u.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'MJML source' }),
      ],
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor owns its text after mount; a new template remounts it (keyed by id).
  }, []);
  return <div className="mjml-editor" ref={host} />;
}
