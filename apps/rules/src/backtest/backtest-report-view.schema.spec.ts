import { viewProblems } from '@postback/testing';
import { backtestReportView } from './backtest-report-view.schema';
import { DEFAULT_RULES, kept } from './backtest.fixtures';
import { replayDispositions } from './replay-dispositions';
import { summariseBacktest } from './summarise-backtest';

describe('backtestReportView', () => {
  it('describes a report with lines, totals and a sample of changed calls as sent', () => {
    const rows = [kept('a', 'Qualified Lead'), kept('a', 'Sale'), kept('b', 'No Answer')];
    const noLeads = DEFAULT_RULES.filter((rule) => rule.id !== 'lead');
    const [before, after] = [replayDispositions(rows, DEFAULT_RULES), replayDispositions(rows, noLeads)];
    const summary = summariseBacktest(
      rows.map((row, i) => ({
        callId: row.disposition.call_id,
        inRange: true,
        before: before[i],
        after: after[i],
      })),
      (side, id) => `${side}:${id}`,
      10,
    );
    expect(summary.lines.length).toBeGreaterThan(1);
    expect(summary.sample.length).toBeGreaterThan(0);
    const report = {
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2026-12-02T00:00:00Z'),
      campaign_id: null,
      ...summary,
    };
    expect(viewProblems(backtestReportView, report)).toBeNull();
    expect(viewProblems(backtestReportView, { ...report, from: 'yesterday' })).toContain(
      '/from must match format "date-time"',
    );
  });
});
