import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { ApiOperation } from '@postback/api-docs';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics',
    returns: { description: 'the text exposition format', mediaType: 'text/plain' },
  })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
