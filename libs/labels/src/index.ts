export * from './disposition-label';
