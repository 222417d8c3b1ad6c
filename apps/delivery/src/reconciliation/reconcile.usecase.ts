import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ValidationFailedException } from '@postback/http';
import { type ExplainedMissing, ExplainMissing } from './explain-missing';
import { type Columns, PartnerReport, readPartnerRow } from './partner-row';
import { type RawRow } from './partner-rows';
import { type Differences, reconcile } from './reconcile';
import { type ReconciliationParams } from './reconciliation-input.schema';
import { type AttemptProof, ReconciliationStore } from './reconciliation.store';

/** How often, in rows, the progress a GET shows is written. */
const PROGRESS_EVERY = 5000;
/** Deliveries the partner lacks whose attempts are attached as proof; the rest are listed without. */
const PROOFS = 1000;

export type ReconciliationReport = Omit<Differences, 'we_delivered_they_lack' | 'they_have_we_never_sent'> & {
  id: string;
  status: 'done';
  endpoint_id: string;
  from: Date;
  to: Date;
  key: 'call_id' | 'click_id';
  tolerance: string;
  rows_read: number;
  malformed: PartnerReport['malformed'];
  we_delivered_they_lack: (Differences['we_delivered_they_lack'][number] & { attempts: AttemptProof[] })[];
  they_have_we_never_sent: ExplainedMissing[];
};

/**
 * Reads the partner's report row by row (never whole), keeping each key's first row; then takes
 * our deliveries to the endpoint in the range, matches them key by key, attaches every attempt of
 * what they lack and explains what we never sent. The report is stored; while rows are read, its
 * row shows how many.
 */
@Injectable()
export class ReconcileUseCase {
  constructor(
    private readonly store: ReconciliationStore,
    private readonly explainMissing: ExplainMissing,
  ) {}

  async execute(
    params: ReconciliationParams,
    rows: (columns: Columns) => AsyncIterable<RawRow>,
  ): Promise<ReconciliationReport> {
    if (!(await this.store.endpointExists(params.endpoint_id)))
      throw new ValidationFailedException([
        { field: 'endpoint_id', problem: 'is not the id of an endpoint' },
      ]);
    const columns: Columns = {
      id: params.id_column ?? params.key,
      value: params.value_column,
      ...(params.time_column === undefined ? {} : { time: params.time_column }),
    };
    const id = randomUUID();
    await this.store.start(id, params);
    try {
      const report = await this.run(id, params, rows(columns), columns);
      await this.store.finish(id, report.rows_read, report);
      return report;
    } catch (error) {
      await this.store
        .fail(id, error instanceof Error ? error.message : String(error))
        .catch(() => undefined);
      throw error;
    }
  }

  private async run(
    id: string,
    params: ReconciliationParams,
    rows: AsyncIterable<RawRow>,
    columns: Columns,
  ): Promise<ReconciliationReport> {
    const partner = new PartnerReport();
    for await (const row of rows) {
      partner.add('record' in row ? readPartnerRow(row.record, columns, row.line) : row);
      if (partner.rowsRead % PROGRESS_EVERY === 0) await this.store.progress(id, partner.rowsRead);
    }
    const differences = reconcile(await this.store.ours(params), partner, params.tolerance);
    const proofs = differences.we_delivered_they_lack.slice(0, PROOFS).map((d) => d.delivery_id);
    const attempts = proofs.length > 0 ? await this.store.attempts(proofs) : [];
    const missing = await this.explainMissing.execute(differences.they_have_we_never_sent, params.key);
    return {
      id,
      status: 'done',
      endpoint_id: params.endpoint_id,
      from: params.from,
      to: params.to,
      key: params.key,
      tolerance: params.tolerance,
      rows_read: partner.rowsRead,
      // In line order: the parser reports a record it skips before the rows ahead of it are read.
      malformed: [...partner.malformed].sort((a, b) => a.line - b.line),
      ...differences,
      we_delivered_they_lack: differences.we_delivered_they_lack.map((d) => ({
        ...d,
        attempts: attempts.filter((a) => a.delivery_id === d.delivery_id),
      })),
      they_have_we_never_sent: missing,
    };
  }
}
