import { BacktestForm } from './backtest-form';
import { LedgerTable } from './ledger-table';
import { ReconciliationForm } from './reconciliation-form';

/** Issue 15's tools: a partner's report reconciled, a rule change backtested, the ledger per hour. */
export function Accuracy() {
  return (
    <>
      <ReconciliationForm />
      <BacktestForm />
      <LedgerTable />
    </>
  );
}
