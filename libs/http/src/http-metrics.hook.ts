import { type FastifyInstance } from 'fastify';
import { type HttpRequestMetrics, httpRequestLabels } from '@postback/observability';

/**
 * Counts and times every answered request, labelled by the matched route's template (Fastify's
 * routeOptions.url), so `/v1/deliveries/<uuid>` is one series, and unmatched URLs one more.
 */
export function instrumentHttp(fastify: FastifyInstance, metrics: HttpRequestMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observe(
      httpRequestLabels(request.method, request.routeOptions.url, reply.statusCode),
      reply.elapsedTime / 1000,
    );
    done();
  });
}
