// Preloaded into a compiled service (node -r): appends every route Fastify registers to
// $ROUTE_TABLE_FILE, one JSON line each, so tests cover every route the running app has.
const { appendFileSync } = require('node:fs');
const { dirname } = require('node:path');

const adapter = require.resolve('@nestjs/platform-fastify');
const fastifyModule = require(require.resolve('fastify', { paths: [dirname(adapter)] }));
const original = fastifyModule.fastify;
const file = process.env.ROUTE_TABLE_FILE;

fastifyModule.fastify = function recordingFastify(...args) {
  const app = original(...args);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) appendFileSync(file, `${JSON.stringify({ method, url: route.url })}\n`);
  });
  return app;
};
