// `npm run bench` compiles the harness (and the libs it reuses) into dist/bench; tsc copies
// no non-TypeScript files, so the Avro schemas go beside the compiled contracts here.
const { cpSync } = require('node:fs');
cpSync('libs/contracts/src/avro', 'dist/bench/libs/contracts/src/avro', { recursive: true });
