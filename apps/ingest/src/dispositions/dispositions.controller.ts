import { Body, Controller, Get, Headers, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { continueTrace } from '@postback/observability';
import { z } from 'zod';
import { ValidationFailedException, parseOrThrow } from '@postback/http';
import { CurrentSource } from '../auth/current-source.decorator';
import { SourceAuthGuard } from '../auth/source-auth.guard';
import { IngestMetrics } from '../ingest.metrics';
import { type AcceptedEvent } from '../intake/event-intake.service';
import { idempotencyKeyOf } from '../intake/idempotency-key.header';
import { SourceRateLimitGuard } from '../rate-limit/source-rate-limit.guard';
import { StorableInputGuard } from '../intake/storable-input.guard';
import { type ResolvedSource } from '../sources/source-directory';
import { dispositionBatchSchema, dispositionInputSchema } from './disposition-input.schema';
import { DispositionIntakeService } from './disposition-intake.service';
import {
  CUSTOM_FIELDS_NOTE,
  acceptedEither,
  acceptedOne,
  intakeErrors,
  intakeHeaders,
} from '../openapi/intake.docs';

/**
 * The inbound postback API. 202 means Kafka acknowledged the event (acks=all);
 * a batch is all-or-nothing: one bad item refuses the whole batch, naming the item.
 */
@Controller('v1')
@UseGuards(SourceAuthGuard, SourceRateLimitGuard, StorableInputGuard)
export class DispositionsController {
  constructor(
    private readonly intake: DispositionIntakeService,
    private readonly metrics: IngestMetrics,
  ) {}

  /** The form a dialer can send with nothing but a pasted URL. */
  @Get('postback')
  @HttpCode(202)
  @ApiOperation({
    summary: 'One disposition from a pasted URL',
    description: CUSTOM_FIELDS_NOTE,
    query: dispositionInputSchema,
    headers: intakeHeaders,
    returns: acceptedOne,
    errors: intakeErrors,
    example: { query: { call_id: 'CA-1001', disposition: 'Sale', value: '125.50', currency: 'USD' } },
  })
  getPostback(
    @Query() query: Record<string, unknown>,
    @CurrentSource() source: ResolvedSource,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<AcceptedEvent> {
    return this.one(query, source, headers);
  }

  /** The same as a form or JSON object; query parameters count too, the body wins. */
  @Post('postback')
  @HttpCode(202)
  @ApiOperation({
    summary: 'One disposition as a form or a JSON object (query parameters count too; the body wins)',
    description: CUSTOM_FIELDS_NOTE,
    body: dispositionInputSchema,
    bodyTypes: ['application/json', 'application/x-www-form-urlencoded'],
    headers: intakeHeaders,
    returns: acceptedOne,
    errors: intakeErrors,
    example: {
      body: {
        call_id: 'CA-1002',
        disposition: 'Qualified Lead',
        timestamp: '2026-12-07T10:15:00Z',
        agent: 'a17',
      },
    },
  })
  postPostback(
    @Query() query: Record<string, unknown>,
    @Body() body: unknown,
    @CurrentSource() source: ResolvedSource,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<AcceptedEvent> {
    if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
      this.metrics.events.inc({ kind: 'disposition', source_id: source.id, outcome: 'invalid' });
      throw new ValidationFailedException([{ field: '(body)', problem: 'must be one form or JSON object' }]);
    }
    return this.one({ ...query, ...(body as object | null) }, source, headers);
  }

  @Post('dispositions')
  @HttpCode(202)
  @ApiOperation({
    summary: 'One JSON disposition, or a batch (an array of at most 500): all-or-nothing',
    description: 'One bad item refuses the whole batch, naming the item (`[3].value`).',
    body: z.union([dispositionInputSchema, dispositionBatchSchema]),
    headers: intakeHeaders,
    returns: acceptedEither,
    errors: intakeErrors,
    example: {
      body: [
        { call_id: 'CA-1001', disposition: 'Sale', value: '125.50', timestamp: 1796638500 },
        { call_id: 'CA-1003', disposition: 'No Answer', custom_fields: { agent: 'a17' } },
      ],
    },
  })
  async dispositions(
    @Body() body: unknown,
    @CurrentSource() source: ResolvedSource,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<AcceptedEvent | { items: AcceptedEvent[] }> {
    if (!Array.isArray(body)) return this.one(body ?? {}, source, headers);
    const inputs = this.validate(() => parseOrThrow(dispositionBatchSchema, body), source, body.length);
    const key = idempotencyKeyOf(headers['idempotency-key']);
    return { items: await this.intake.accept(inputs, source, key, continueTrace(headers.traceparent)) };
  }

  private async one(
    raw: unknown,
    source: ResolvedSource,
    headers: Record<string, string | undefined>,
  ): Promise<AcceptedEvent> {
    const input = this.validate(() => parseOrThrow(dispositionInputSchema, raw), source);
    const key = idempotencyKeyOf(headers['idempotency-key']);
    const [accepted] = await this.intake.accept([input], source, key, continueTrace(headers.traceparent));
    return accepted;
  }

  private validate<T>(parse: () => T, source: ResolvedSource, count = 1): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ValidationFailedException) {
        this.metrics.events.inc({ kind: 'disposition', source_id: source.id, outcome: 'invalid' }, count);
      }
      throw error;
    }
  }
}
