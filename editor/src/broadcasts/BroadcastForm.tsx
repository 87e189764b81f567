import { useState, type FormEvent } from 'react';
import { BroadcastShape } from '@boomerang/engine/broadcast-shapes';
import { api, ApiError, messageOf } from '../api/client.ts';
import { FieldInput } from '../inspector/FieldInput.tsx';
import { visibleFields, withField } from '../inspector/fields.ts';
import {
  BROADCAST_DEFAULTS,
  BROADCAST_FIELDS,
  problemAt,
  problemsOf,
  requestOf,
  unplacedProblems,
  type Problem,
} from './form.ts';
import type { Broadcast } from './progress.ts';

/** The "new broadcast" form, drawn from the API's schema; problems (the schema's, then the API's 422) beside their fields. */
export function BroadcastForm({ onCreated }: { onCreated: (broadcast: Broadcast) => void }) {
  const [values, setValues] = useState<Record<string, unknown>>(BROADCAST_DEFAULTS);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const request = requestOf(values);
    const found = problemsOf(request);
    setProblems(found);
    if (found.length > 0) {
      setMessage(`Fix the ${found.length === 1 ? 'marked field' : 'marked fields'} first.`);
      return;
    }
    setSending(true);
    setMessage(null);
    try {
      onCreated(await api('POST', '/v1/broadcasts', BroadcastShape, request));
    } catch (e) {
      setProblems(e instanceof ApiError ? e.problems : []);
      setMessage(messageOf(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="broadcast-form" aria-label="New broadcast" onSubmit={(e) => void submit(e)} noValidate>
      {visibleFields(BROADCAST_FIELDS, values, BROADCAST_DEFAULTS).map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={values[field.name]}
          error={problemAt(problems, field.name)}
          disabled={sending}
          onChange={(v) => setValues((current) => withField(current, field.name, v))}
        />
      ))}
      {unplacedProblems(problems).map((p) => (
        <p key={p.path} className="error" role="alert">
          {p.path}: {p.message}
        </p>
      ))}
      {message && <p className="hint">{message}</p>}
      <button type="submit" disabled={sending}>
        {sending ? 'Starting…' : 'Start broadcast'}
      </button>
    </form>
  );
}
