// tsc copies no non-TypeScript files: the Avro schemas are read at run time beside the compiled code.
const { cpSync } = require('node:fs');
cpSync('libs/contracts/src/avro', 'dist/libs/contracts/src/avro', { recursive: true });
