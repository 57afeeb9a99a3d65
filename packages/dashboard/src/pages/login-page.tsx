// Sign in: paste an API key once (`vigil serve` and `vigil demo` print the admin key); it is
// checked against the server and kept for this tab only.

import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiClient, ApiError } from '../api/client.js';
import { listModels } from '../api/models.js';
import { Field } from '../components/field.js';
import { errorMessage } from '../components/load-state.js';

export function LoginPage({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const id = useId();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const token = key.trim();
    if (token === '') return setError('Paste an API key: vigil serve prints the admin key when it creates one.');
    setBusy(true);
    try {
      await listModels(new ApiClient(token));
      onSignedIn(token);
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 401 || err.status === 403) ? `${err.message}.` : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login" id="content">
      <h1>Vigil</h1>
      <p>Sign in with an API key of this server. It is kept in this browser tab only, until you close it or sign out.</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field
          id={`${id}-key`}
          label="API key"
          hint="vgl_… — printed by vigil serve (and vigil demo) when it creates the admin key; or one made with POST /v1/keys."
          error={error}
        >
          {(p) => (
            <input {...p} name="apiKey" type="password" autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
          )}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
