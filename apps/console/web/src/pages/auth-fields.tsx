import { type AuthType, type EndpointDraft } from '../endpoint-draft';
import { Field, SelectField } from '../ui';

type Auth = EndpointDraft['auth'];

/** The auth scheme and its parts; secrets are typed here and never shown back once saved. */
export function AuthFields(props: {
  auth: Auth;
  onChange: (auth: Auth) => void;
  onType: (type: AuthType) => void;
  problem: (field: string) => string | undefined;
  /** Editing an endpoint whose stored auth is of this type: its secrets may be left empty to keep them. */
  keeping?: AuthType;
}) {
  const { auth, problem } = props;
  const kept = auth.type === props.keeping;
  const secretLabel = (what: string) =>
    kept ? `${what} (empty: keep the stored one)` : `${what} (stored, never shown again)`;
  const set = (change: Partial<Auth>) => props.onChange({ ...auth, ...change });
  return (
    <>
      <SelectField
        label="Auth"
        value={auth.type}
        onChange={(type) => props.onType(type as AuthType)}
        options={[
          ['none', 'none'],
          ['header', 'a header with a secret'],
          ['basic', 'HTTP basic (username and password)'],
          ['standard_webhooks', 'Standard Webhooks signature (whsec_ secrets)'],
        ]}
      />
      {auth.type === 'header' && (
        <>
          <Field
            label="Header name"
            value={auth.name}
            onChange={(name) => set({ name })}
            error={problem('auth.name')}
          />
          <Field
            label={secretLabel('Secret value')}
            type="password"
            value={auth.value}
            onChange={(value) => set({ value })}
            error={problem('auth.value')}
          />
        </>
      )}
      {auth.type === 'basic' && (
        <>
          <Field
            label="Username"
            value={auth.username}
            onChange={(username) => set({ username })}
            error={problem('auth.username')}
          />
          <Field
            label={secretLabel('Password')}
            type="password"
            value={auth.password}
            onChange={(password) => set({ password })}
            error={problem('auth.password')}
          />
        </>
      )}
      {auth.type === 'standard_webhooks' && (
        <Field
          label={secretLabel('Signing secrets (whsec_…; two, comma-separated, while rotating)')}
          type="password"
          value={auth.secrets}
          onChange={(secrets) => set({ secrets })}
          error={problem('auth.secrets')}
        />
      )}
    </>
  );
}
