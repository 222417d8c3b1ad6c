import { type FormEvent, useState } from 'react';
import { api } from '../api';
import { ErrorNote, Field, Section, problemsOf, useLoad } from '../ui';
import { DataTable } from '../table';

interface Campaign {
  id: string;
  name: string;
  value: string;
  currency: string;
  attribution_window: string | null;
}

const WINDOW_LABEL = 'Attribution window (such as 24h or 30d; empty: none)';

/** Creates a campaign, or edits one (its id then fixed); what was typed stays when a save fails. */
function CampaignForm({ campaign, onSaved }: { campaign?: Campaign; onSaved: () => void }) {
  const [id, setId] = useState(campaign?.id ?? '');
  const [name, setName] = useState(campaign?.name ?? '');
  const [value, setValue] = useState(campaign?.value ?? '');
  const [currency, setCurrency] = useState(campaign?.currency ?? 'USD');
  const [attribution, setAttribution] = useState(campaign?.attribution_window ?? '');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const { fields, message } = problemsOf(error);
  const problem = (field: string) => fields.find((f) => f.field === field)?.problem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const body = { name, value, currency, attribution_window: attribution.trim() || null };
    const saving = campaign
      ? api.patch('rules', `/v1/campaigns/${encodeURIComponent(campaign.id)}`, body)
      : api.post('rules', '/v1/campaigns', { id, ...body });
    saving.then(() => {
      setError(undefined);
      setSaved(true);
      if (!campaign) setId('');
      onSaved();
    }, setError);
  };
  return (
    <form onSubmit={submit} aria-label={campaign ? `Edit campaign ${campaign.id}` : 'New campaign'}>
      {!campaign && <Field label="Id" value={id} onChange={setId} error={problem('id')} />}
      <Field label="Name" value={name} onChange={setName} error={problem('name')} />
      <Field label="Amount of a full conversion" value={value} onChange={setValue} error={problem('value')} />
      <Field label="Currency" value={currency} onChange={setCurrency} error={problem('currency')} />
      <Field
        label={WINDOW_LABEL}
        value={attribution}
        onChange={setAttribution}
        error={problem('attribution_window')}
      />
      {(fields.length === 0 || fields.some((f) => f.field === '(body)')) && <ErrorNote error={message} />}
      <button type="submit">{campaign ? `Save ${campaign.id}` : 'Create campaign'}</button>
      {saved && <span role="status"> Saved.</span>}
    </form>
  );
}

export function Campaigns() {
  const campaigns = useLoad(() => api.get<{ items: Campaign[] }>('rules', '/v1/campaigns'));
  const [editing, setEditing] = useState<Campaign>();
  return (
    <Section title="Campaigns">
      <ErrorNote error={campaigns.error} />
      <DataTable columns={['Id', 'Name', 'Value', 'Attribution window', 'Action']}>
        {(campaigns.data?.items ?? []).map((c) => (
          <tr key={c.id}>
            <td>{c.id}</td>
            <td>{c.name}</td>
            <td>
              {c.value} {c.currency}
            </td>
            <td>{c.attribution_window ?? '—'}</td>
            <td>
              <button type="button" onClick={() => setEditing(c)}>
                Edit {c.id}
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
      {editing && <CampaignForm key={editing.id} campaign={editing} onSaved={campaigns.reload} />}
      <details>
        <summary>New campaign</summary>
        <CampaignForm onSaved={campaigns.reload} />
      </details>
    </Section>
  );
}
