import httpProxy from '@fastify/http-proxy';
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { type Config } from '@postback/config';
import { SESSION_COOKIE } from '../session/session-cookie';
import { type SessionStore } from '../session/session.store';
import { proxyAccess } from './proxy-access';

const SERVICES = ['ingest', 'rules', 'delivery'] as const;
/** Never forwarded: the browser's cookie (ours), its CSRF token, and any Authorization it tries. */
const DROPPED = new Set(['cookie', 'x-csrf-token', 'authorization']);

/**
 * `/api/<service>/v1/…` → `<service>/v1/…` with `Authorization: Bearer <the session's token>`:
 * the three admin APIs under the console's origin, the token never in the browser.
 */
export async function registerAdminProxy(
  fastify: FastifyInstance,
  config: Config,
  sessions: SessionStore,
): Promise<void> {
  const tokens = new WeakMap<object, string>();
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const session = await sessions.find(request.cookies[SESSION_COOKIE]);
    const access = proxyAccess(session, request.method, request.headers['x-csrf-token']);
    if (!access.allowed) {
      await reply.code(access.status).send({ error: access.error, message: access.message });
      return;
    }
    tokens.set(request.raw, session!.adminToken);
  };
  for (const service of SERVICES) {
    await fastify.register(httpProxy, {
      upstream: config.console.upstreams[service],
      prefix: `/api/${service}/v1`,
      rewritePrefix: '/v1',
      preHandler: guard,
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => {
          const forwarded = Object.fromEntries(
            Object.entries(headers).filter(([name]) => !DROPPED.has(name.toLowerCase())),
          );
          return { ...forwarded, authorization: `Bearer ${tokens.get(request.raw) ?? ''}` };
        },
      },
    });
  }
}
