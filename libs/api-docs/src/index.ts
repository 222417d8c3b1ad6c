export * from './answer-types';
export * from './api-docs.module';
export * from './api-docs.options';
export * from './api-operation.decorator';
export * from './docs-page';
export * from './documented-route';
export * from './json-schema';
export * from './openapi-document';
