import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { ProduceFailedError } from '@postback/kafka';

/** Kafka could not take the write: 503 with Retry-After, never a false 2xx. */
@Catch(ProduceFailedError)
export class ProduceFailedFilter implements ExceptionFilter {
  constructor(private readonly retryAfterSeconds = 5) {}

  catch(_error: ProduceFailedError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply
      .status(503)
      .header('Retry-After', String(this.retryAfterSeconds))
      .send({ error: 'unavailable', message: 'the event store cannot take writes right now; retry later' });
  }
}
