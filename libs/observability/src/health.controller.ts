import { Controller, Get, Res } from '@nestjs/common';
import { type FastifyReply } from 'fastify';
import { ReadinessRegistry, type ReadinessReport } from './readiness.registry';

@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessRegistry) {}

  /** Alive as long as the event loop answers; no dependency is checked. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.report();
    if (!report.ready) reply.status(503);
    return report;
  }
}
