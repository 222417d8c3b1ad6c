import { type ArgumentsHost, Catch, HttpException, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { type FastifyReply } from 'fastify';
import { classifyHandlerError } from '@postback/kafka';
import { HttpErrorShapeFilter } from './http-error-shape.filter';

/**
 * Every service's last word on an error. A request that fails because PostgreSQL or Kafka
 * cannot be reached answers 503 with Retry-After (the caller retries; nothing was taken),
 * never a 500 that reads as a bug; HTTP errors keep the one error shape; anything else goes
 * to Nest's own handling (logged, 500).
 */
@Catch()
export class DependencyUnavailableFilter extends BaseExceptionFilter {
  private readonly shape = new HttpErrorShapeFilter();

  constructor(
    applicationRef?: HttpServer,
    private readonly retryAfterSeconds = 5,
  ) {
    super(applicationRef);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof HttpException) return this.shape.catch(exception, host);
    if (classifyHandlerError(exception).kind !== 'transient') return super.catch(exception, host);
    void host
      .switchToHttp()
      .getResponse<FastifyReply>()
      .status(503)
      .header('Retry-After', String(this.retryAfterSeconds))
      .send({ error: 'unavailable', message: 'a dependency cannot be reached right now; retry later' });
  }
}
