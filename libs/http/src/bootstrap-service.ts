import { type DynamicModule } from '@nestjs/common';
import { registerDocsPage } from '@postback/api-docs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { instrumentHttp } from './http-metrics.hook';
import { DependencyUnavailableFilter } from './dependency-unavailable.filter';
import { type Logger as PinoLogger } from 'pino';
import { type Config, loadConfig } from '@postback/config';
import { HttpRequestMetrics, ROOT_LOGGER, ReadinessRegistry, continueTrace } from '@postback/observability';
import { shutDownOnSignals } from './graceful-shutdown';
import { answerClientError, answerFrameworkError } from './framework-errors';

export interface ServiceOptions {
  host: string;
  port: number;
  /** Request body limit in bytes (Fastify answers 413 above it). */
  bodyLimit?: number;
  /** Keep each JSON or form body's bytes as `request.rawBody` (for signature checks). */
  rawBody?: boolean;
  /** How long a SIGTERM may take before the process exits anyway. */
  shutdownGraceMs?: number;
  /** How long readiness answers 503 while requests are still served, before intake stops. */
  shutdownDrainMs?: number;
  /** The title of the rendered API reference at /docs. */
  docsTitle?: string;
}

/**
 * Starts one service on Fastify with JSON logs and graceful shutdown on SIGTERM/SIGINT:
 * readiness turns 503 (requests still served for the drain period), then the HTTP server stops
 * accepting and finishes in-flight requests, then Nest's hooks stop consumers (committing what was
 * handled) and close producers and the database — all within the grace period, else exit 1 with
 * the rest left uncommitted.
 */
export async function bootstrapService(
  module: DynamicModule,
  options: ServiceOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({
      bodyLimit: options.bodyLimit ?? 1_048_576,
      trustProxy: false,
      // What the router and Node's parser refuse is answered in the one error shape too.
      clientErrorHandler: answerClientError,
      frameworkErrors: answerFrameworkError,
    }),
    { bufferLogs: true, rawBody: options.rawBody ?? false },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new DependencyUnavailableFilter(app.getHttpAdapter()));
  const fastify = app.getHttpAdapter().getInstance();
  // Every request joins the caller's trace (or starts one) before anything logs or produces.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const inbound = request.headers.traceparent;
    request.raw.headers.traceparent = continueTrace(typeof inbound === 'string' ? inbound : undefined);
    done();
  });
  shutDownOnSignals(
    {
      // Fastify answers new requests 503 while it waits for those in flight; Nest's own close
      // later finds the server already closed.
      stopIntake: () => fastify.close(),
      close: () => app.close(),
    },
    {
      graceMs: options.shutdownGraceMs ?? 25_000,
      logger: app.get<PinoLogger>(ROOT_LOGGER),
      onDraining: () => app.get(ReadinessRegistry).drain(),
      drainMs: options.shutdownDrainMs ?? 0,
    },
  );
  // Before listen(): Nest registers its routes then, and each route takes the hooks present.
  instrumentHttp(fastify, new HttpRequestMetrics(app.get(Registry)));
  await registerDocsPage(app, options.docsTitle ?? 'Postback API');
  await app.listen(options.port, options.host);
  return app;
}

/** A service's main(): validate config (fail fast, naming the variable), then start. */
export function runService(
  module: (config: Config) => DynamicModule,
  port: (config: Config) => number,
  options: (config: Config) => Pick<ServiceOptions, 'bodyLimit' | 'rawBody' | 'docsTitle'> = () => ({}),
): void {
  const start = async (): Promise<void> => {
    const config = loadConfig();
    await bootstrapService(module(config), {
      host: config.host,
      port: port(config),
      shutdownGraceMs: config.shutdownGraceMs,
      shutdownDrainMs: config.shutdownDrainMs,
      ...options(config),
    });
  };
  start().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
