import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api } from '../api';
import { ErrorNote, Field, Section, time } from '../ui';
import { type Delivery } from './deliveries';
import { type Attempt, AttemptList } from './delivery-detail';

interface Call {
  campaign_id: string;
  publisher_id: string | null;
  buyer_id: string | null;
  started_at: string | null;
  answered_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
}
interface Decision {
  decision_id: string;
  disposition: string;
  type: string;
  status: string;
  value: string;
  delta: string;
  currency: string | null;
  rule_id: string;
  rule_version: number;
  attribution: string;
  decided_at: string | number;
  received_at: string | number;
}
type Step =
  | { at: number; kind: 'call'; text: string }
  | { at: number; kind: 'decision'; decision: Decision }
  | { at: number; kind: 'delivery'; delivery: Delivery & { attempts: Attempt[] } };

const ms = (value: string | number | null): number => (value === null ? 0 : new Date(value).getTime());

/** Everything stored about one call, from the three services, in one timeline. */
async function loadStory(callId: string): Promise<{ steps: Step[]; rules: Map<string, string> }> {
  const call = await api.get<Call>('rules', `/v1/calls/${encodeURIComponent(callId)}`).catch((e) => {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  });
  const [decisions, deliveries, rules, endpoints] = await Promise.all([
    api.get<{ items: Decision[] }>('rules', '/v1/conversions', { call_id: callId }),
    api.get<{ items: Delivery[] }>('delivery', '/v1/deliveries', { call_id: callId }),
    api.get<{ items: { id: string; name: string }[] }>('rules', '/v1/rules'),
    api.get<{ items: { id: string; name: string }[] }>('delivery', '/v1/endpoints'),
  ]);
  const detailed = await Promise.all(
    deliveries.items.map((d) =>
      api.get<Delivery & { attempts: Attempt[] }>('delivery', `/v1/deliveries/${d.id}`),
    ),
  );
  const steps: Step[] = [];
  if (call) {
    const who = `campaign ${call.campaign_id}${call.publisher_id ? `, publisher ${call.publisher_id}` : ''}${call.buyer_id ? `, buyer ${call.buyer_id}` : ''}`;
    if (call.started_at) steps.push({ at: ms(call.started_at), kind: 'call', text: `Call started (${who})` });
    if (call.answered_at) steps.push({ at: ms(call.answered_at), kind: 'call', text: 'Call answered' });
    if (call.ended_at)
      steps.push({
        at: ms(call.ended_at),
        kind: 'call',
        text: `Call ended after ${call.duration_seconds ?? '?'} s`,
      });
  }
  for (const decision of decisions.items)
    steps.push({ at: ms(decision.decided_at), kind: 'decision', decision });
  for (const delivery of detailed) steps.push({ at: ms(delivery.created_at), kind: 'delivery', delivery });
  steps.sort((a, b) => a.at - b.at);
  const names = new Map([...rules.items, ...endpoints.items].map((item) => [item.id, item.name]));
  return { steps, rules: names };
}

export function CallStory({ params }: { params: URLSearchParams }) {
  const [callId, setCallId] = useState(params.get('call_id') ?? '');
  const [story, setStory] = useState<Awaited<ReturnType<typeof loadStory>>>();
  const [error, setError] = useState<unknown>();
  const show = (id: string) => {
    if (!id) return;
    loadStory(id).then((s) => {
      setStory(s);
      setError(undefined);
    }, setError);
  };
  useEffect(() => show(params.get('call_id') ?? ''), [params]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    location.hash = `#/calls?call_id=${encodeURIComponent(callId)}`;
    show(callId);
  };
  return (
    <>
      <Section title="Find a call">
        <form onSubmit={submit} className="filters">
          <Field label="Call id" value={callId} onChange={setCallId} />
          <button type="submit">Show its story</button>
        </form>
        <ErrorNote error={error} />
      </Section>
      {story && (
        <Section title="Timeline">
          {story.steps.length === 0 && <p>Nothing is stored for this call.</p>}
          <ol className="timeline">
            {story.steps.map((step, i) => (
              <li key={i} className={`step ${step.kind}`}>
                <time>{time(new Date(step.at).toISOString())}</time>
                {step.kind === 'call' && <p>{step.text}</p>}
                {step.kind === 'decision' && (
                  <p>
                    Disposition <strong>{step.decision.disposition}</strong> ({step.decision.attribution}) →
                    decided by rule <em>{story.rules.get(step.decision.rule_id) ?? step.decision.rule_id}</em>{' '}
                    v{step.decision.rule_version}:{' '}
                    <strong>
                      {step.decision.status} {step.decision.type}
                    </strong>
                    , value {step.decision.value} {step.decision.currency ?? ''}, delta {step.decision.delta}
                  </p>
                )}
                {step.kind === 'delivery' && (
                  <>
                    <p>
                      Postback to{' '}
                      <strong>
                        {story.rules.get(step.delivery.endpoint_id) ?? step.delivery.endpoint_id}
                      </strong>
                      : <span className={`status ${step.delivery.status}`}>{step.delivery.status}</span> after{' '}
                      {step.delivery.attempt_count} attempts
                    </p>
                    <AttemptList attempts={step.delivery.attempts} />
                  </>
                )}
              </li>
            ))}
          </ol>
        </Section>
      )}
    </>
  );
}
