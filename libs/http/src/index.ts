export * from './admin-token.guard';
export * from './bootstrap-service';
export * from './field-errors';
export * from './service-unavailable.filter';
export * from './http-error-shape.filter';
export * from './dependency-unavailable.filter';
export * from './graceful-shutdown';
export * from './http-metrics.hook';
