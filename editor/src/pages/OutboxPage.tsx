import { useEffect, useState } from 'react';
import { MailList } from '@boomerang/engine/api-shapes';
import type { z } from 'zod';
import { api, messageOf } from '../api/client.ts';

type Mail = z.infer<typeof MailList>['messages'][number];

/** Mail the embedded SMTP sink received, newest first, with an HTML preview. */
export function OutboxPage() {
  const [mail, setMail] = useState<Mail[]>([]);
  const [open, setOpen] = useState<Mail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () =>
      api('GET', '/v1/outbox?limit=100', MailList).then(
        (m) => {
          setMail(m.messages);
          setError(null);
        },
        (e: unknown) => setError(messageOf(e)),
      );
    void load();
    const timer = setInterval(load, 5000);
    return () => clearInterval(timer);
  }, []);
  return (
    <main className="page outbox">
      <h1>Outbox</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>{mail.length} message(s) received by the embedded mail sink.</p>
      <div className="outbox-body">
        <table className="list">
          <thead>
            <tr>
              <th>Received</th>
              <th>To</th>
              <th>Subject</th>
            </tr>
          </thead>
          <tbody>
            {mail.map((m) => (
              <tr key={m.id} aria-selected={open?.id === m.id}>
                <td>{new Date(m.receivedAt).toLocaleString()}</td>
                <td>{m.to.join(', ')}</td>
                <td>
                  <button type="button" className="link" onClick={() => setOpen(m)}>
                    {m.subject ?? '(no subject)'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {open && (
          <iframe
            title={`Message ${open.subject ?? ''}`}
            sandbox=""
            srcDoc={open.html ?? `<pre>${open.text ?? ''}</pre>`}
            className="preview-frame"
          />
        )}
      </div>
    </main>
  );
}
