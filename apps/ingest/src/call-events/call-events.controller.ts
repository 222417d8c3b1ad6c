import { Body, Controller, Headers, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { ValidationFailedException, parseOrThrow } from '@postback/http';
import { continueTrace } from '@postback/observability';
import { CurrentSource } from '../auth/current-source.decorator';
import { SourceAuthGuard } from '../auth/source-auth.guard';
import { IngestMetrics } from '../ingest.metrics';
import { type AcceptedEvent } from '../intake/event-intake.service';
import { idempotencyKeyOf } from '../intake/idempotency-key.header';
import { SourceRateLimitGuard } from '../rate-limit/source-rate-limit.guard';
import { StorableInputGuard } from '../intake/storable-input.guard';
import { type ResolvedSource } from '../sources/source-directory';
import { z } from 'zod';
import { acceptedMany, intakeErrors, intakeHeaders } from '../openapi/intake.docs';
import { callEventBatchSchema, callEventInputSchema } from './call-event-input.schema';
import { CallEventIntakeService } from './call-event-intake.service';

/** Call lifecycle events from dialer platforms: a JSON batch, all-or-nothing, 202 once in Kafka. */
@Controller('v1')
@UseGuards(SourceAuthGuard, SourceRateLimitGuard, StorableInputGuard)
export class CallEventsController {
  constructor(
    private readonly intake: CallEventIntakeService,
    private readonly metrics: IngestMetrics,
  ) {}

  @Post('call-events')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Call lifecycle events: one, or a batch (an array of at most 500), all-or-nothing',
    description:
      'The caller number is normalised to E.164 and replaced by a keyed hash before anything else: never stored or produced in clear.',
    body: z.union([callEventInputSchema, callEventBatchSchema]),
    headers: intakeHeaders,
    returns: acceptedMany,
    errors: intakeErrors,
    example: {
      body: [
        {
          type: 'started',
          call_id: 'CA-1001',
          campaign_id: 'spring-26',
          caller_number: '+14155550123',
          timestamp: '2026-12-07T10:00:00Z',
        },
        {
          type: 'ended',
          call_id: 'CA-1001',
          campaign_id: 'spring-26',
          duration_seconds: 245,
          timestamp: '2026-12-07T10:04:05Z',
        },
      ],
    },
  })
  async callEvents(
    @Body() body: unknown,
    @CurrentSource() source: ResolvedSource,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<{ items: AcceptedEvent[] }> {
    const batch = Array.isArray(body) ? body : [body ?? {}];
    try {
      const inputs = parseOrThrow(callEventBatchSchema, batch);
      const key = idempotencyKeyOf(headers['idempotency-key']);
      return { items: await this.intake.accept(inputs, source, key, continueTrace(headers.traceparent)) };
    } catch (error) {
      // Schema errors and caller numbers that are not phone numbers alike.
      if (error instanceof ValidationFailedException) {
        this.metrics.events.inc(
          { kind: 'call_event', source_id: source.id, outcome: 'invalid' },
          batch.length,
        );
      }
      throw error;
    }
  }
}
