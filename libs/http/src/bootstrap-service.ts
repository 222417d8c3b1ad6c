import { type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { HttpRequestMetrics } from '@postback/observability';
import { instrumentHttp } from './http-metrics.hook';
import { HttpErrorShapeFilter } from './http-error-shape.filter';
import { type Config, loadConfig } from '@postback/config';

export interface ServiceOptions {
  host: string;
  port: number;
  /** Request body limit in bytes (Fastify answers 413 above it). */
  bodyLimit?: number;
  /** Keep each JSON or form body's bytes as `request.rawBody` (for signature checks). */
  rawBody?: boolean;
}

/** Starts one service on Fastify with JSON logs and graceful shutdown on SIGTERM/SIGINT. */
export async function bootstrapService(
  module: DynamicModule,
  options: ServiceOptions,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: options.bodyLimit ?? 1_048_576, trustProxy: false }),
    { bufferLogs: true, rawBody: options.rawBody ?? false },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpErrorShapeFilter());
  // Before listen(): Nest registers its routes then, and each route takes the hooks present.
  instrumentHttp(app.getHttpAdapter().getInstance(), new HttpRequestMetrics(app.get(Registry)));
  app.enableShutdownHooks();
  await app.listen(options.port, options.host);
  return app;
}

/** A service's main(): validate config (fail fast, naming the variable), then start. */
export function runService(
  module: (config: Config) => DynamicModule,
  port: (config: Config) => number,
  options: (config: Config) => Pick<ServiceOptions, 'bodyLimit' | 'rawBody'> = () => ({}),
): void {
  const start = async (): Promise<void> => {
    const config = loadConfig();
    await bootstrapService(module(config), { host: config.host, port: port(config), ...options(config) });
  };
  start().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
