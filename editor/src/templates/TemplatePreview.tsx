import { useEffect, useState, type FormEvent } from 'react';
import { PreviewAnswer, TestSendAnswer } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';

type Preview = { subject: string; html: string; text: string };

/** A template rendered for a sample customer (their id, or the built-in sample), plus "send test email". */
export function TemplatePreview({ templateId }: { templateId: string }) {
  const [userId, setUserId] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const [sent, setSent] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api(
        'POST',
        `/v1/templates/${encodeURIComponent(templateId)}/preview`,
        PreviewAnswer,
        userId.trim() ? { userId: userId.trim() } : {},
      ).then(
        (p) => {
          if (current) {
            setPreview(p);
            setError(null);
          }
        },
        (e: unknown) => {
          if (current) {
            setPreview(null);
            setError(messageOf(e));
          }
        },
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [templateId, userId]);

  const sendTest = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    try {
      const answer = await api('POST', `/v1/templates/${encodeURIComponent(templateId)}/test`, TestSendAnswer, {
        to,
        ...(userId.trim() ? { userId: userId.trim() } : {}),
      });
      setSent(`Sent "${answer.subject}" to ${answer.to}.`);
    } catch (e) {
      setSent(messageOf(e));
    }
  };
  return (
    <section className="preview" aria-label="Email preview">
      <h3>Preview of “{templateId}”</h3>
      <label className="field-label">
        Sample customer (user id; empty for a made-up one)
        <input value={userId} onChange={(e) => setUserId(e.target.value)} placeholder="e.g. user-42" />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <>
          <p className="preview-subject">
            <b>Subject:</b> <span data-testid="preview-subject">{preview.subject}</span>
          </p>
          <iframe title={`Preview of ${templateId}`} sandbox="" srcDoc={preview.html} className="preview-frame" />
        </>
      )}
      <form onSubmit={sendTest} className="test-send" aria-label="Send test email">
        <input
          type="email"
          required
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder="you@example.com"
          aria-label="Test address"
        />
        <button type="submit">Send test email</button>
      </form>
      {sent && <p role="status">{sent}</p>}
    </section>
  );
}
