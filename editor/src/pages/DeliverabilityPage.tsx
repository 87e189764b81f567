import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { DoctorReport, SenderList, SenderShape } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';

const MARK = { ok: 'OK', warn: 'Warning', fail: 'Fix' } as const;
const Removed = z.unknown();

/** Deliverability: the doctor's checks with the DNS records to copy, and the sender identities journeys send as. */
export function DeliverabilityPage() {
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [senders, setSenders] = useState<SenderShape[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [doctor, list] = await Promise.all([
        api('GET', '/v1/deliverability/doctor', DoctorReport),
        api('GET', '/v1/senders', SenderList),
      ]);
      setReport(doctor);
      setSenders(list.senders);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const add = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget; // React clears currentTarget once the handler awaits
    const form = new FormData(element);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    try {
      await api('PUT', `/v1/senders/${encodeURIComponent(field('id'))}`, SenderShape, {
        name: field('name'),
        address: field('address'),
        replyTo: field('replyTo') || null,
      });
      element.reset();
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const remove = async (id: string) => {
    try {
      await api('DELETE', `/v1/senders/${encodeURIComponent(id)}`, Removed);
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <main className="page deliverability">
      <h1>Deliverability</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <section aria-label="Checks">
        <h2>Checks</h2>
        {report && <p role="status">Overall: {MARK[report.status]}</p>}
        <ul className="checks">
          {report?.checks.map((check) => (
            <li key={check.id} data-status={check.status}>
              <b>
                {MARK[check.status]} · {check.title}
              </b>
              <p>{check.message}</p>
              {check.copy.map((line) => (
                <pre key={line}>
                  <code>{line}</code>
                </pre>
              ))}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Senders">
        <h2>Senders</h2>
        <table>
          <thead>
            <tr>
              <th>Id</th>
              <th>From</th>
              <th>Reply-To</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {senders.map((s) => (
              <tr key={s.id}>
                <td>{s.id}</td>
                <td>{s.name ? `${s.name} <${s.address}>` : s.address}</td>
                <td>{s.replyTo ?? ''}</td>
                <td>
                  {s.builtIn ? (
                    'default (MAIL_FROM)'
                  ) : (
                    <button type="button" onClick={() => void remove(s.id)}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form aria-label="Add a sender" onSubmit={(e) => void add(e)}>
          <label>
            Id <input name="id" required pattern="[a-z0-9][a-z0-9-]*" placeholder="support" />
          </label>
          <label>
            Name <input name="name" required placeholder="Ada from Support" />
          </label>
          <label>
            Address <input name="address" type="email" required placeholder="ada@example.com" />
          </label>
          <label>
            Reply-To <input name="replyTo" type="email" placeholder="(optional)" />
          </label>
          <button type="submit">Add sender</button>
        </form>
      </section>
    </main>
  );
}
