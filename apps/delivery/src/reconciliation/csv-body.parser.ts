import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type FastifyInstance } from 'fastify';

/**
 * Hands a `text/csv` request body to its route as the stream it is, unread: a partner's report
 * (100,000 rows and more) is parsed as it arrives, never buffered whole, so Fastify's body limit
 * does not apply to it.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasContentTypeParser('text/csv'))
      fastify.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
  }
}
