import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { api, ApiError, messageOf } from '../api/client.ts';
import { FieldInput } from '../inspector/FieldInput.tsx';
import { withField, type Field } from '../inspector/fields.ts';

type Problem = { path: string; message: string };

/** The first problem the server named under a top-level field (`body.caps.0.max` belongs to `caps`), with its path. */
export function problemAt(problems: Problem[], field: string): string | undefined {
  const found = problems.find((p) => p.path === `body.${field}` || p.path.startsWith(`body.${field}.`));
  return found ? `${found.path.replace(/^body\./, '')}: ${found.message}` : undefined;
}

/**
 * A settings document as a form: read with GET `path` and parsed with the engine's `schema`, drawn
 * field by field, saved with PUT `path`; the server's problems show beside their fields, with their path.
 * @example <SettingsForm path="/v1/settings/sending" schema={SendingSettings} fields={fields} label="Sending settings" saved="Saved." />
 */
export function SettingsForm({
  path,
  schema,
  fields,
  label,
  saved,
}: {
  path: string;
  schema: z.ZodType<Record<string, unknown>>;
  fields: Field[];
  /** The form's accessible name. */
  label: string;
  /** What the status line says once saved. */
  saved: string;
}) {
  const [draft, setDraft] = useState<Record<string, unknown> | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api('GET', path, schema).then(
      (s) => setDraft(s),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [path, schema]);
  const save = async () => {
    if (!draft) return;
    setStatus(null);
    try {
      setDraft(await api('PUT', path, schema, draft));
      setProblems([]);
      setError(null);
      setStatus(saved);
    } catch (e) {
      setProblems(e instanceof ApiError ? e.problems : []);
      setError(messageOf(e));
    }
  };
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {draft && (
        <form
          aria-label={label}
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
    </>
  );
}
