export * from './free-port';
export * from './service-process';
export * from './test-receiver';
export * from './hostile-bodies';
export * from './hostile-receiver';
export * from './reconciliation-ledger';
export * from './steady-load';
export * from './answer-validator';
