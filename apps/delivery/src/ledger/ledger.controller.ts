import { Controller, Get, Query, ServiceUnavailableException, UseGuards } from '@nestjs/common';
import { AdminTokenGuard, ledgerRangeSchema, parseOrThrow } from '@postback/http';
import { PeerApis, PeerUnavailableError } from '../peers/peer-apis';
import { DeliveryLedgerStore } from './delivery-ledger.store';
import { type LedgerHour, pipelineLedger } from './pipeline-ledger';

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

  @Get()
  async read(@Query() query: unknown): Promise<{ from: Date; to: Date; hours: LedgerHour[] }> {
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
