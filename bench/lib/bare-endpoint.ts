import 'reflect-metadata';
import { Controller, Get, HttpCode, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { serve } from './child';

/** The ceiling for ingest: the same framework and adapter (NestJS 11 + Fastify), doing nothing. */
@Controller('v1')
class BareController {
  @Get('postback')
  @HttpCode(202)
  postback(): { status: string } {
    return { status: 'accepted' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const started = (async () => {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  return new URL(await app.getUrl()).port;
})();

serve(async () => ({ port: Number(await started) }));
