import fastifyStatic from '@fastify/static';
import { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run build` puts the single-page app (vite), beside the compiled server. */
export const WEB_ROOT = join(__dirname, '..', '..', 'web');

const SECURITY_HEADERS = {
  // The page loads only its own files; nothing may frame it (clickjacking).
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Serves the built page at `/` (hash routes, so every page is index.html). */
export async function registerWebApp(fastify: FastifyInstance, root = WEB_ROOT): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the console's page is not built (${root}/index.html missing): run npm run build`);
  }
  fastify.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
  });
  await fastify.register(fastifyStatic, { root, prefix: '/', index: 'index.html', wildcard: false });
}
