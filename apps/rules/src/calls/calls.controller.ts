import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard } from '@postback/http';
import { CallStateEntity } from './call-state.entity';
import { type CallView, callView } from './call-view.schema';

/** `GET /v1/calls/:callId`: what the call's events told (campaign, parties, times), merged. */
@Controller('v1/calls')
@UseGuards(AdminTokenGuard)
export class CallsController {
  constructor(private readonly dataSource: DataSource) {}

  @ApiOperation({
    summary: "What a call's events told: campaign, parties, click id, duration and times, merged",
    description: 'Its decisions: `GET /v1/conversions?call_id=`.',
    params: z.object({ callId: z.string() }),
    returns: { description: 'the call as its events told it', schema: callView },
    errors: { 404: 'no call with this id' },
    example: { params: { callId: 'CA-1001' } },
  })
  @Get(':callId')
  async get(@Param('callId') callId: string): Promise<CallView> {
    const row = await this.dataSource.getRepository(CallStateEntity).findOneBy({ callId });
    if (!row)
      throw new NotFoundException({ error: 'not_found', message: `no call events for call ${callId}` });
    return {
      call_id: row.callId,
      campaign_id: row.campaignId,
      publisher_id: row.publisherId,
      buyer_id: row.buyerId,
      click_id: row.clickId,
      duration_seconds: row.durationSeconds,
      started_at: row.startedAt,
      answered_at: row.answeredAt,
      ended_at: row.endedAt,
      first_seen_at: row.firstSeenAt,
    };
  }
}
