import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../api';
import { type RuleFieldsJson, ruleProblem } from '../rule-draft';
import { ErrorNote, Field, Section, TextArea, problemsOf, useLoad } from '../ui';
import { DataTable } from '../table';
import { type Change, ChangeFields, changeBody, changeOf, newChange } from './backtest-changes';
import { lastHours } from './ledger-table';
import { type Rule } from './rules';

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

/** Fields this form shows a problem beside; any other problem is shown under it. */
const SHOWN = ['from', 'to', 'campaign_id', 'changes'];

const side = (s: Side) => `${s.calls} calls, ${s.value}, ${s.postbacks} postbacks`;

/** Rules' `POST /v1/rules/backtest`: a proposed change replayed over past dispositions, before → after. */
export function BacktestForm() {
  const rules = useLoad(() => api.get<{ items: (Rule & RuleFieldsJson)[] }>('rules', '/v1/rules'));
  const ruleList = rules.data?.items ?? [];
  const [range, setRange] = useState(() => lastHours(24));
  const [campaign, setCampaign] = useState('');
  const [changes, setChanges] = useState<Change[]>(() => [newChange()]);
  const [raw, setRaw] = useState<string>();
  const [result, setResult] = useState<Backtest>();
  const [error, setError] = useState<unknown>();
  const { fields, message } = problemsOf(error);
  const problem = (field: string) => fields.find((f) => f.field.split(/[.[]/)[0] === field)?.problem;
  const notJson = () =>
    setError(
      new ApiError(400, 'changes: is not valid JSON', [{ field: 'changes', problem: 'is not valid JSON' }]),
    );
  const parsedRaw = (): Record<string, unknown>[] | undefined => {
    try {
      return JSON.parse(raw!) as Record<string, unknown>[];
    } catch {
      notJson();
      return undefined;
    }
  };
  /** Raw JSON shows the changes the form holds; back to the form, the JSON is read into it. */
  const toggleRaw = () => {
    if (raw === undefined) return setRaw(JSON.stringify(changes.map(changeBody), null, 2));
    const parsed = parsedRaw();
    if (parsed === undefined) return; // parsedRaw said why
    if (!Array.isArray(parsed)) return notJson();
    setChanges(parsed.map((change) => changeOf(change, ruleList)));
    setRaw(undefined);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const proposed = raw === undefined ? changes.map(changeBody) : parsedRaw();
    if (proposed === undefined) return;
    api
      .post<Backtest>('rules', '/v1/rules/backtest', {
        ...range,
        campaign_id: campaign || undefined,
        changes: proposed,
      })
      .then((answer) => {
        setError(undefined);
        setResult(answer);
      }, setError);
  };
  const setChange = (index: number, change: Change) =>
    setChanges((all) => all.map((c, i) => (i === index ? change : c)));
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
        <p>
          <button type="button" aria-pressed={raw !== undefined} onClick={toggleRaw}>
            Raw JSON
          </button>
        </p>
        {raw === undefined ? (
          <>
            {changes.map((change, i) => (
              <ChangeFields
                key={i}
                index={i}
                change={change}
                rules={ruleList}
                onChange={(c) => setChange(i, c)}
                onRemove={
                  changes.length > 1 ? () => setChanges((all) => all.filter((_, j) => j !== i)) : undefined
                }
                problem={(field) => ruleProblem(fields, `changes[${i}].`, field)}
              />
            ))}
            <button type="button" onClick={() => setChanges((all) => [...all, newChange()])}>
              Add another change
            </button>
          </>
        ) : (
          <TextArea label={CHANGES_LABEL} value={raw} onChange={setRaw} error={problem('changes')} rows={6} />
        )}
        {!fields.some((f) => SHOWN.includes(f.field.split(/[.[]/)[0])) && <ErrorNote error={message} />}
        {raw === undefined && fields.some((f) => f.field.startsWith('changes')) && (
          <ErrorNote error={`The changes were refused: ${message}`} />
        )}
        <button type="submit">Run the backtest</button>
      </form>
      {result && (
        <DataTable
          columns={['Campaign', 'Type', 'Before', 'After', 'Changed', 'Withheld', 'Added']}
          caption={
            <>
              {result.dispositions} dispositions of {result.calls} calls replayed
            </>
          }
          testId="backtest"
        >
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
        </DataTable>
      )}
    </Section>
  );
}
