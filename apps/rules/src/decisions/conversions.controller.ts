import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { AdminTokenGuard, parseOrThrow } from '@postback/http';
import { type z } from 'zod';
import { conversionsQuerySchema } from './conversions-query.schema';
import { conversionsPageView } from './decision-view.schema';
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
  @ApiOperation({
    summary: "A call's decisions, or every decision page by page with filters",
    description: 'Pass `next_cursor` back as `cursor` for the next page; it is null on the last one.',
    query: conversionsQuerySchema,
    returns: {
      description: 'a page: each item the ConversionDecision as produced',
      schema: conversionsPageView,
    },
    example: { query: { call_id: 'CA-1001' } },
  })
  list(@Query() raw: unknown): Promise<z.output<typeof conversionsPageView>> {
    return this.store.page(parseOrThrow(conversionsQuerySchema, raw ?? {}));
  }
}
