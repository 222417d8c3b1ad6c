import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api';
import { ErrorNote, Field, Section, TextArea, problemsOf } from '../ui';
import { lastHours } from './ledger-table';

interface Side {
  calls: number;
  value: string;
  postbacks: number;
}
interface Line {
  campaign_id: string | null;
  type: string;
  before: Side;
  after: Side;
  changed: number;
  withheld: number;
  added: number;
}
interface Backtest {
  dispositions: number;
  calls: number;
  lines: Line[];
  totals: Omit<Line, 'campaign_id' | 'type'>;
}

const CHANGES_LABEL =
  'Proposed changes (a JSON list: {"rule_id", …fields} for a new version, without rule_id a new rule)';
const EXAMPLE = '[{ "rule_id": "<rule id>", "outcome": { "type": "partial", "percent": "30" } }]';

/** Fields this form shows a problem beside; any other problem is shown under it. */
const SHOWN = ['from', 'to', 'campaign_id', 'changes'];

const side = (s: Side) => `${s.calls} calls, ${s.value}, ${s.postbacks} postbacks`;

/** Rules' `POST /v1/rules/backtest`: a proposed change replayed over past dispositions, before → after. */
export function BacktestForm() {
  const [range, setRange] = useState(() => lastHours(24));
  const [campaign, setCampaign] = useState('');
  const [changes, setChanges] = useState(EXAMPLE);
  const [result, setResult] = useState<Backtest>();
  const [error, setError] = useState<unknown>();
  const { fields, message } = problemsOf(error);
  const problem = (field: string) => fields.find((f) => f.field.split(/[.[]/)[0] === field)?.problem;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(changes);
    } catch {
      setError(
        new ApiError(400, 'changes: is not valid JSON', [{ field: 'changes', problem: 'is not valid JSON' }]),
      );
      return;
    }
    api
      .post<Backtest>('rules', '/v1/rules/backtest', {
        ...range,
        campaign_id: campaign || undefined,
        changes: parsed,
      })
      .then((answer) => {
        setError(undefined);
        setResult(answer);
      }, setError);
  };
  return (
    <Section title="Backtest a rule change">
      <form onSubmit={submit} aria-label="Backtest">
        <div className="filters">
          <Field
            label="Backtest from"
            value={range.from}
            onChange={(from) => setRange((r) => ({ ...r, from }))}
            error={problem('from')}
          />
          <Field
            label="Backtest to"
            value={range.to}
            onChange={(to) => setRange((r) => ({ ...r, to }))}
            error={problem('to')}
          />
          <Field
            label="Only campaign (empty: all)"
            value={campaign}
            onChange={setCampaign}
            error={problem('campaign_id')}
          />
        </div>
        <TextArea
          label={CHANGES_LABEL}
          value={changes}
          onChange={setChanges}
          error={problem('changes')}
          rows={4}
        />
        {!fields.some((f) => SHOWN.includes(f.field.split(/[.[]/)[0])) && <ErrorNote error={message} />}
        <button type="submit">Run the backtest</button>
      </form>
      {result && (
        <div className="scroll" tabIndex={0}>
          <table data-testid="backtest">
            <caption>
              {result.dispositions} dispositions of {result.calls} calls replayed
            </caption>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Type</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
                <th scope="col">Changed</th>
                <th scope="col">Withheld</th>
                <th scope="col">Added</th>
              </tr>
            </thead>
            <tbody>
              {result.lines.map((l) => (
                <tr key={`${l.campaign_id}-${l.type}`}>
                  <td>{l.campaign_id ?? '—'}</td>
                  <td>{l.type}</td>
                  <td>{side(l.before)}</td>
                  <td>{side(l.after)}</td>
                  <td>{l.changed}</td>
                  <td>{l.withheld}</td>
                  <td>{l.added}</td>
                </tr>
              ))}
              <tr data-testid="backtest-totals">
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td>{side(result.totals.before)}</td>
                <td>{side(result.totals.after)}</td>
                <td>{result.totals.changed}</td>
                <td>{result.totals.withheld}</td>
                <td>{result.totals.added}</td>
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
