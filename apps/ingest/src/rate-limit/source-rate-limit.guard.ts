import { type CanActivate, type ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { type Config, InjectConfig } from '@postback/config';
import { type IntakeRequest } from '../auth/source-auth.guard';
import { IngestMetrics } from '../ingest.metrics';
import { type Bucket, takeToken } from './token-bucket';

/**
 * Requests per second per source (its own limit, else INGEST_RATE_LIMIT_PER_SECOND),
 * counted in this process: 429 with Retry-After above it. Runs after SourceAuthGuard.
 */
@Injectable()
export class SourceRateLimitGuard implements CanActivate {
  private readonly buckets = new Map<string, Bucket>();
  private readonly defaultRate: number;

  constructor(
    private readonly metrics: IngestMetrics,
    @InjectConfig() config: Config,
  ) {
    this.defaultRate = config.ingest.rateLimitPerSecond;
  }

  canActivate(context: ExecutionContext): boolean {
    const source = context.switchToHttp().getRequest<IntakeRequest>().intakeSource!;
    const rate = source.rate_limit_per_second ?? this.defaultRate;
    const { bucket, result } = takeToken(this.buckets.get(source.id), rate, Date.now());
    this.buckets.set(source.id, bucket);
    if (result.allowed) return true;
    this.metrics.rateLimited.inc({ source_id: source.id });
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('Retry-After', String(result.retryAfterSeconds));
    throw new HttpException(
      { error: 'rate_limited', message: `this source may send at most ${rate} requests per second` },
      429,
    );
  }
}
