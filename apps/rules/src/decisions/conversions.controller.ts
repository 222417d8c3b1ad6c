import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { type ConversionDecision } from '@postback/contracts';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { conversionsQuerySchema } from './conversions-query.schema';
import { DecisionStore } from './decision.store';

@Controller('v1/conversions')
@UseGuards(AdminTokenGuard)
export class ConversionsController {
  constructor(private readonly store: DecisionStore) {}

  /**
   * Decisions in the order they were made: one call's (`call_id`), or all of them, filtered,
   * `limit` at a time; `next_cursor` fetches the next page and is null on the last one.
   */
  @Get()
  list(@Query() raw: unknown): Promise<{ items: ConversionDecision[]; next_cursor: string | null }> {
    return this.store.page(parseOrThrow(conversionsQuerySchema, raw ?? {}));
  }
}
