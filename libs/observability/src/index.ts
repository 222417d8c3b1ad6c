export * from './health.controller';
export * from './logger';
export * from './metrics.controller';
export * from './observability.module';
export * from './readiness.registry';
export * from './traceparent';
export * from './redact-url';
export * from './http-request.metrics';
