import { useState, type FormEvent } from 'react';
import { NodeList } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { keepToken } from '../api/session.ts';

/** Asks for the admin token printed by `npm start`, checks it against the API, keeps it for this tab. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('GET', '/v1/nodes', NodeList, undefined, token.trim());
      keepToken(token.trim());
      onSignedIn();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form onSubmit={submit} aria-label="Sign in">
        <h1>Boomerang</h1>
        <p>
          Paste the admin token that <code>npm start</code> printed (it is also in <code>.data/keys.json</code>).
        </p>
        <label>
          Admin token
          <input
            type="password"
            autoFocus
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
      </form>
    </main>
  );
}
