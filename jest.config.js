const fs = require('node:fs');
const path = require('node:path');

// Unit specs live beside the code; integration and end-to-end tests under test/
// share one real stack (Kafka, schema registry, PostgreSQL) started in globalSetup.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = { '^@postback/([a-z-]+)$': '<rootDir>/libs/$1/src' };
// got (v12+) and much of its dependency tree ship ES modules only; Jest runs CommonJS,
// so those packages are transformed. The list is read from node_modules, not kept by hand.
function esmOnlyPackages(root) {
  const seen = new Set();
  const esm = [];
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    let pkg;
    try {
      pkg = JSON.parse(fs.readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8'));
    } catch {
      return;
    }
    if (pkg.type === 'module') esm.push(name);
    Object.keys(pkg.dependencies ?? {}).forEach(visit);
  };
  visit(root);
  return esm;
}
const esmOnly = esmOnlyPackages('got');
const common = {
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  // Two cores: the integration tier runs services and two JVMs, so test files run one at a time.
  maxWorkers: 1,
  // Integration tests wait on real brokers and services; unit tests finish far below this.
  testTimeout: 120000,
  // Real Kafka clients retry in the background; after a failed test their loops must not keep
  // the run alive (global teardown still stops the stack first).
  forceExit: true,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/test/static/**/*.spec.ts',
        // The bench's pure helpers (per-minute p99, RSS growth, targets, options).
        '<rootDir>/bench/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/infra/global-setup.ts',
      globalTeardown: '<rootDir>/test/infra/global-teardown.ts',
    },
    {
      // The web console in Debian's Chromium (playwright-core) against the real services and stack.
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/infra/global-setup.ts',
      globalTeardown: '<rootDir>/test/infra/global-teardown.ts',
    },
    {
      // Faults under steady load (service crashes, broker, PostgreSQL, registry, hostile
      // receivers), each ending with the reconciliation ledger clean. `npm test` runs them in a Jest run of
      // their own, on a fresh stack: no retry job an earlier test left stands at the head of a tier.
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/infra/global-setup.ts',
      globalTeardown: '<rootDir>/test/infra/global-teardown.ts',
    },
  ],
};
