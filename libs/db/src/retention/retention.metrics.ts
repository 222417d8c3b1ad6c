import { Counter, type Registry } from 'prom-client';

/** Rows retention deleted, by table (a handful per service): flat for long means it stopped. */
export class RetentionMetrics {
  private readonly deletedRows: Counter<'table'>;

  constructor(registry: Registry) {
    this.deletedRows = new Counter({
      name: 'postback_retention_deleted_rows_total',
      help: 'Rows deleted by retention pruning, by table',
      labelNames: ['table'],
      registers: [registry],
    });
  }

  deleted(table: string, rows: number): void {
    this.deletedRows.inc({ table }, rows);
  }
}
