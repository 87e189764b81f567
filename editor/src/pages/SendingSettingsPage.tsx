import { useEffect, useState } from 'react';
import { z } from 'zod';
import { SendingSettings } from '@boomerang/engine/sending-rules';
import { api, ApiError, messageOf } from '../api/client.ts';
import { FieldInput } from '../inspector/FieldInput.tsx';
import { fieldsOf, withField, type Field } from '../inspector/fields.ts';

/** The form's fields, from the engine's SendingSettings (its defaults and limits). */
// The plain form reads every record as text name/value pairs; the per-group caps are objects, so edit them as JSON.
const fields: Field[] = fieldsOf(z.toJSONSchema(SendingSettings, { io: 'input' })).map((f) =>
  f.name === 'groups' ? { name: f.name, label: f.label, required: f.required, kind: 'json' } : f,
);

/** The first problem the server named under a top-level field (`body.caps.0.max` belongs to `caps`). */
function problemAt(problems: Array<{ path: string; message: string }>, field: string): string | undefined {
  const found = problems.find((p) => p.path === `body.${field}` || p.path.startsWith(`body.${field}.`));
  return found ? `${found.path.replace(/^body\./, '')}: ${found.message}` : undefined;
}

/** Frequency caps across journeys and quiet hours: a form generated from the engine's schema, saved with PUT /v1/settings/sending. */
export function SendingSettingsPage() {
  const [draft, setDraft] = useState<Record<string, unknown> | null>(null);
  const [problems, setProblems] = useState<Array<{ path: string; message: string }>>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api('GET', '/v1/settings/sending', SendingSettings).then(
      (s) => setDraft(s),
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);
  const save = async () => {
    if (!draft) return;
    setStatus(null);
    try {
      setDraft(await api('PUT', '/v1/settings/sending', SendingSettings, draft));
      setProblems([]);
      setError(null);
      setStatus('Saved. The next email any journey sends is held to these rules.');
    } catch (e) {
      setProblems(e instanceof ApiError ? e.problems : []);
      setError(messageOf(e));
    }
  };
  return (
    <main className="page sending-settings">
      <h1>Frequency caps and quiet hours</h1>
      <p className="hint">
        Caps count every marketing email a customer got from any journey in a rolling window (e.g. at most 3 in 7 days
        and 1 in 1 day); a subscription group listed under groups has its own caps instead. Quiet hours are read on the
        customer&apos;s clock (their timezone trait, else the time zone here). Transactional email is exempt. Each
        journey says whether a held email waits or is skipped, and whether it may take a cap&apos;s last slot.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {draft && (
        <form
          aria-label="Sending settings"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {fields.map((field) => (
            <FieldInput
              key={field.name}
              field={field}
              value={draft[field.name]}
              error={problemAt(problems, field.name)}
              disabled={false}
              onChange={(value) => setDraft(withField(draft, field.name, value))}
            />
          ))}
          <button type="submit" className="primary">
            Save
          </button>
          {status && <p role="status">{status}</p>}
        </form>
      )}
    </main>
  );
}
