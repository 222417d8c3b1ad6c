import { Controller, Get, Query, ServiceUnavailableException, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, ledgerRangeSchema, parseOrThrow } from '@postback/http';
import { PeerApis, PeerUnavailableError } from '../peers/peer-apis';
import { DeliveryLedgerStore } from './delivery-ledger.store';
import { type z } from 'zod';
import { ledgerView } from './ledger-view.schema';
import { pipelineLedger } from './pipeline-ledger';

/**
 * The pipeline ledger: per hour, what ingest accepted, rules decided and delivery created,
 * delivered, retried and dead-lettered, each from the service's own records (ingest's and rules'
 * through their admin APIs), with the gaps between stages.
 */
@Controller('v1/ledger')
@UseGuards(AdminTokenGuard)
export class LedgerController {
  constructor(
    private readonly peers: PeerApis,
    private readonly deliveries: DeliveryLedgerStore,
  ) {}

  @ApiOperation({
    summary:
      'The pipeline ledger per hour: accepted, decided, deliveries created, delivered, retrying, dead-lettered, and the gaps',
    query: ledgerRangeSchema,
    returns: { description: 'every hour of the range', schema: ledgerView },
    errors: { 503: "ingest's or rules' admin API did not answer" },
    example: { query: { from: '2026-12-01T00:00:00Z', to: '2026-12-01T06:00:00Z' } },
  })
  @Get()
  async read(@Query() query: unknown): Promise<z.output<typeof ledgerView>> {
    const { from, to } = parseOrThrow(ledgerRangeSchema, query ?? {});
    try {
      const [accepted, decided, deliveries] = await Promise.all([
        this.peers.acceptedPerHour(from, to),
        this.peers.decidedPerHour(from, to),
        this.deliveries.perHour(from, to),
      ]);
      return { from, to, hours: pipelineLedger(from, to, accepted.hours, decided.hours, deliveries) };
    } catch (error) {
      if (!(error instanceof PeerUnavailableError)) throw error;
      throw new ServiceUnavailableException({ error: 'peer_unavailable', message: error.message });
    }
  }
}
