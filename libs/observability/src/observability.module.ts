import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { type Config } from '@postback/config';
import { HealthController } from './health.controller';
import { withLazyRequestChildren } from './lazy-children';
import { ROOT_LOGGER, createLogger } from './logger';
import { MetricsController } from './metrics.controller';
import { LivenessRegistry } from './liveness.registry';
import { ReadinessRegistry } from './readiness.registry';
import { redactUrl } from './redact-url';
import { traceIdOf } from './traceparent';

const QUIET_ROUTES = /^\/(health|metrics)(\/|$|\?)/;
const requestPath = (req: { url?: string; originalUrl?: string }): string => req.originalUrl ?? req.url ?? '';

/** JSON logs, /metrics (prom-client, default process metrics included) and /health for one service. */
@Global()
@Module({})
export class ObservabilityModule {
  /**
   * `quietAccepted`: routes whose 202 answers get no request line, since the service writes a
   * line per accepted event itself (at thousands a second the request line and its redaction
   * were a fifth of ingest's CPU). Refusals and errors on them are logged as on any route.
   */
  static forService(
    service: string,
    config: Pick<Config, 'logLevel'>,
    options: { quietAccepted?: RegExp } = {},
  ): DynamicModule {
    const logger = createLogger(service, config.logLevel);
    const quietAccepted = options.quietAccepted;
    return {
      module: ObservabilityModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            // Per-request child loggers are made when a line is written, not for every request.
            logger: withLazyRequestChildren(logger),
            autoLogging: { ignore: (req) => QUIET_ROUTES.test(requestPath(req)) },
            quietReqLogger: true,
            customLogLevel: (req, res, err) =>
              quietAccepted && !err && res.statusCode === 202 && quietAccepted.test(requestPath(req))
                ? 'silent'
                : 'info',
            // bootstrapService gives every request a valid traceparent before it is handled.
            customProps: (req) => {
              const traceId = traceIdOf(req.headers.traceparent as string | undefined);
              return traceId ? { trace_id: traceId } : {};
            },
            // Only what helps: no headers (they carry keys), secret query values redacted.
            serializers: {
              req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
                id: req.id,
                method: req.method,
                url: redactUrl(req.url),
                remoteAddress: req.remoteAddress,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: ROOT_LOGGER, useValue: logger },
        {
          provide: Registry,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ service });
            collectDefaultMetrics({ register: registry });
            return registry;
          },
        },
        ReadinessRegistry,
        LivenessRegistry,
      ],
      exports: [ROOT_LOGGER, Registry, ReadinessRegistry, LivenessRegistry],
    };
  }
}
