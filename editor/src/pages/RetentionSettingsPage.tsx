import { useEffect, useState } from 'react';
import { RetentionSettings } from '@boomerang/engine/metric-shapes';
import { api, ApiError, messageOf } from '../api/client.ts';
import { retentionSettingsFields } from '../dashboard/settings-form.ts';
import { FieldInput } from '../inspector/FieldInput.tsx';
import { withField } from '../inspector/fields.ts';

/** The first problem the server named under a top-level field (`body.order.event` belongs to `order`). */
function problemAt(problems: Array<{ path: string; message: string }>, field: string): string | undefined {
  const found = problems.find((p) => p.path === `body.${field}` || p.path.startsWith(`body.${field}.`));
  return found ? `${found.path.replace(/^body\./, '')}: ${found.message}` : undefined;
}

/** What the events mean for the retention figures: edited as a form generated from the engine's schema, saved with PUT. */
export function RetentionSettingsPage() {
  const [draft, setDraft] = useState<Record<string, unknown> | null>(null);
  const [problems, setProblems] = useState<Array<{ path: string; message: string }>>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api('GET', '/v1/metrics/settings', RetentionSettings).then(
      (s) => setDraft(s),
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);
  const save = async () => {
    if (!draft) return;
    setStatus(null);
    try {
      setDraft(await api('PUT', '/v1/metrics/settings', RetentionSettings, draft));
      setProblems([]);
      setError(null);
      setStatus('Saved. The figures use these settings from now on.');
    } catch (e) {
      setProblems(e instanceof ApiError ? e.problems : []);
      setError(messageOf(e));
    }
  };
  return (
    <main className="page retention-settings">
      <p>
        <a href="#/">← Retention</a>
      </p>
      <h1>What the events mean</h1>
      <p className="hint">
        Which events are a sign-up, an activation, an order; where recurring revenue comes from; what churn is; which
        events carry NPS answers and cancellation reasons; the reporting currency and the account&apos;s time zone.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {draft && (
        <form
          aria-label="Retention settings"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {retentionSettingsFields.map((field) => (
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
