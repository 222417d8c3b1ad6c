import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { continueTrace } from '@postback/observability';
import { ValidationFailedException, parseOrThrow } from '@postback/http';
import { dispositionBatchSchema, dispositionInputSchema } from './disposition-input.schema';
import { type AcceptedEvent, DispositionIntakeService } from './disposition-intake.service';
import { IngestMetrics } from '../ingest.metrics';

/**
 * The inbound postback API. 202 means Kafka acknowledged the event (acks=all);
 * a batch is all-or-nothing: one bad item refuses the whole batch, naming the item.
 */
@Controller('v1')
export class DispositionsController {
  constructor(
    private readonly intake: DispositionIntakeService,
    private readonly metrics: IngestMetrics,
  ) {}

  /** The form a dialer can send with nothing but a pasted URL. */
  @Get('postback')
  @HttpCode(202)
  async postback(
    @Query() query: Record<string, unknown>,
    @Headers('traceparent') traceparent?: string,
  ): Promise<AcceptedEvent & { status: 'accepted' }> {
    const input = this.validate(() => parseOrThrow(dispositionInputSchema, query));
    const [accepted] = await this.intake.accept([input], continueTrace(traceparent));
    return { ...accepted, status: 'accepted' };
  }

  @Post('dispositions')
  @HttpCode(202)
  async dispositions(
    @Body() body: unknown,
    @Headers('traceparent') traceparent?: string,
  ): Promise<(AcceptedEvent & { status: 'accepted' }) | { items: AcceptedEvent[] }> {
    if (Array.isArray(body)) {
      const inputs = this.validate(() => parseOrThrow(dispositionBatchSchema, body), body.length);
      return { items: await this.intake.accept(inputs, continueTrace(traceparent)) };
    }
    const input = this.validate(() => parseOrThrow(dispositionInputSchema, body ?? {}));
    const [accepted] = await this.intake.accept([input], continueTrace(traceparent));
    return { ...accepted, status: 'accepted' };
  }

  private validate<T>(parse: () => T, count = 1): T {
    try {
      return parse();
    } catch (error) {
      if (error instanceof ValidationFailedException) {
        this.metrics.events.inc({ kind: 'disposition', outcome: 'invalid' }, count);
      }
      throw error;
    }
  }
}
