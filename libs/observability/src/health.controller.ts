import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation } from '@postback/api-docs';
import { type FastifyReply } from 'fastify';
import { livenessReportView, readinessReportView } from './health-report.schema';
import { LivenessRegistry, type LivenessReport } from './liveness.registry';
import { ReadinessRegistry, type ReadinessReport } from './readiness.registry';

@Controller('health')
export class HealthController {
  constructor(
    private readonly readiness: ReadinessRegistry,
    private readonly liveness: LivenessRegistry,
  ) {}

  /** Alive while the event loop answers and nothing is stuck that only a restart heals; no dependency is checked. */
  @Get('live')
  @ApiOperation({
    summary: 'Liveness: 200 while the event loop answers and nothing is stuck that only a restart heals',
    returns: { description: 'alive', schema: livenessReportView },
    errors: { 503: { description: 'stuck: only a restart heals it', schema: livenessReportView } },
  })
  live(@Res({ passthrough: true }) reply: FastifyReply): LivenessReport {
    const report = this.liveness.report();
    if (report.status !== 'ok') reply.status(503);
    return report;
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 200 when Kafka, the schema registry and PostgreSQL answer; 503 while shutting down',
    returns: { description: 'ready, with each check', schema: readinessReportView },
    errors: { 503: { description: 'not ready: `checks` names what is down', schema: readinessReportView } },
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessReport> {
    const report = await this.readiness.report();
    if (!report.ready) reply.status(503);
    return report;
  }
}
