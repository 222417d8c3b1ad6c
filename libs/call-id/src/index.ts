export * from './call-id';
