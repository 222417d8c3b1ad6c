import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard } from '@postback/http';
import { CallStateEntity } from './call-state.entity';

export interface CallView {
  call_id: string;
  campaign_id: string;
  publisher_id: string | null;
  buyer_id: string | null;
  click_id: string | null;
  duration_seconds: number | null;
  started_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  first_seen_at: Date;
}

/** `GET /v1/calls/:callId`: what the call's events told (campaign, parties, times), merged. */
@Controller('v1/calls')
@UseGuards(AdminTokenGuard)
export class CallsController {
  constructor(private readonly dataSource: DataSource) {}

  @ApiOperation({
    summary: "A call's story: its call events, dispositions, and each decision with the rule that made it",
    params: z.object({ callId: z.string() }),
    returns: { description: 'the call, its events and its decisions' },
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
