import {
  type CanActivate,
  ServiceUnavailableException,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Cidr, ipInRanges, parseCidrList } from '@postback/cidr';
import { type Config, InjectConfig } from '@postback/config';
import { verifyWebhook } from '@postback/webhooks';
import { IngestMetrics } from '../ingest.metrics';
import { type ResolvedSource, SourceDirectory } from '../sources/source-directory';
import { clientAddress } from './client-address';
import { FAILED_AUTH_LIMIT, FailedAuthLimiter } from './failed-auth-limiter';
import { deriveSigningSecret } from './signing-secret';
import { SeenWebhooks } from './seen-webhooks.store';
import { signedPayloads } from './signed-payloads';

export type IntakeRequest = FastifyRequest & { rawBody?: Buffer; intakeSource?: ResolvedSource };

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Intake authentication: an API key (`X-API-Key`, or `api_key` in the query for URL-only
 * dialers) → 401 when missing or unknown; a disabled source or an address outside its
 * allow-list → 403; a bad or stale Standard Webhooks signature, where the source requires
 * one → 401. The answers never say which keys exist; each failure is counted by reason.
 */
@Injectable()
export class SourceAuthGuard implements CanActivate {
  private readonly trustedProxies: Cidr[];
  private readonly signingKey: string;
  private readonly failures = new FailedAuthLimiter();

  constructor(
    private readonly directory: SourceDirectory,
    private readonly metrics: IngestMetrics,
    private readonly seen: SeenWebhooks,
    @InjectConfig() config: Config,
  ) {
    this.trustedProxies = parseCidrList('INGEST_TRUSTED_PROXIES', config.ingest.trustedProxies);
    this.signingKey = config.ingest.signingSecretKey;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IntakeRequest>();
    const query = request.query as Record<string, unknown> | undefined;
    const key =
      header(request, 'x-api-key') ?? (typeof query?.api_key === 'string' ? query.api_key : undefined);
    const address = clientAddress(
      request.socket.remoteAddress ?? '',
      request.headers['x-forwarded-for'],
      this.trustedProxies,
    );
    if (!key) this.refuse('missing_key');
    // A valid key is served whatever its neighbours guessed (clients behind one proxy share an
    // address): over the limit, an uncached key is screened by the in-memory index of active
    // keys, so that only guesses are refused and none of them reaches the database.
    let source = this.directory.cached(key!);
    if (source === undefined) {
      const retryAfter = this.directory.recentlyValid(key!) ? 0 : this.failures.retryAfterSeconds(address);
      if (retryAfter > 0 && !(await this.directory.mayExist(key!))) this.tooManyFailures(context, retryAfter);
      source = await this.directory.byApiKey(key!);
    }
    if (!source) {
      this.failures.failed(address);
      this.refuse('unknown_key');
    }
    if (!source!.enabled) this.forbid('source_disabled');
    if (source!.ranges.length > 0 && !ipInRanges(source!.ranges, address)) this.forbid('ip_not_allowed');
    if (source!.signing_secret_version !== null)
      await this.checkSignature(request, source!, context.switchToHttp().getResponse<FastifyReply>());
    request.intakeSource = source!;
    return true;
  }

  private async checkSignature(
    request: IntakeRequest,
    source: ResolvedSource,
    reply: FastifyReply,
  ): Promise<void> {
    const payloads = signedPayloads({
      method: request.method,
      url: request.url,
      host: header(request, 'host'),
      rawBody: request.rawBody,
    });
    if (!payloads)
      this.refuse('signature_query_unsigned', 'a signed POST carries its fields in the body, not the query');
    const id = header(request, 'webhook-id');
    const timestamp = header(request, 'webhook-timestamp');
    const verdict = verifyWebhook(
      deriveSigningSecret(this.signingKey, source.id, source.signing_secret_version!),
      { id, timestamp, signature: header(request, 'webhook-signature'), payloads: payloads! },
    );
    if (verdict !== 'valid') this.refuse(`signature_${verdict}`, 'a valid webhook signature is required');
    const first = await this.seen.firstSighting(source.id, id!, Number(timestamp)).catch(() => {
      throw new ServiceUnavailableException({
        error: 'unavailable',
        message: 'signed requests cannot be checked for replays right now; retry shortly',
      });
    });
    if (!first)
      this.refuse(
        'signature_replayed',
        'this webhook-id and webhook-timestamp were already used: a replay; sign each request anew',
      );
    // Only a request that was taken uses up its webhook-id: one refused later (rate limit,
    // validation, Kafka away) may be sent again byte for byte. Should the release fail, the id
    // stays used and the sender's retry must sign anew, as before.
    reply.raw.once('finish', () => {
      if (reply.raw.statusCode >= 300)
        this.seen.release(source.id, id!, Number(timestamp)).catch(() => undefined);
    });
  }

  private refuse(reason: string, message = 'a valid API key is required'): never {
    this.metrics.authFailures.inc({ reason });
    throw new UnauthorizedException({ error: 'unauthorized', message });
  }

  private tooManyFailures(context: ExecutionContext, retryAfterSeconds: number): never {
    this.metrics.authFailures.inc({ reason: 'too_many_failures' });
    void context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(retryAfterSeconds));
    throw new HttpException(
      {
        error: 'too_many_failed_authentications',
        message: `more than ${FAILED_AUTH_LIMIT.perWindow} failed authentications a minute from this address; retry later`,
      },
      429,
    );
  }

  private forbid(reason: string): never {
    this.metrics.authFailures.inc({ reason });
    throw new ForbiddenException({ error: 'forbidden', message: 'this source may not send from here' });
  }
}
