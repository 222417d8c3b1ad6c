import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { type ConversionDecision } from '@postback/contracts';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { DecisionStore } from './decision.store';

const query = z.object({ call_id: z.string({ error: 'is required' }).min(1, 'is required').max(128) });

@Controller('v1/conversions')
@UseGuards(AdminTokenGuard)
export class ConversionsController {
  constructor(private readonly store: DecisionStore) {}

  /** A call's decisions in the order they were made. */
  @Get()
  async list(@Query() raw: unknown): Promise<{ items: ConversionDecision[] }> {
    const { call_id } = parseOrThrow(query, raw);
    return { items: await this.store.listForCall(call_id) };
  }
}
