import { type FormEvent, useState } from 'react';
import { ApiError, type SessionInfo, api } from '../api';
import { ErrorNote, Field } from '../ui';

/** The admin token is typed once; the console keeps it server-side and the page never sees it again. */
export function SignIn({ onSignedIn }: { onSignedIn: (info: SessionInfo) => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api.session.signIn(token).then(onSignedIn, setError);
  };
  const fieldProblem = error instanceof ApiError ? error.fieldProblem('token') : undefined;
  return (
    <main className="sign-in">
      <h1>Postback console</h1>
      <form onSubmit={submit} className="card">
        <Field label="Admin token" type="password" value={token} onChange={setToken} error={fieldProblem} />
        {!fieldProblem && <ErrorNote error={error} />}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
