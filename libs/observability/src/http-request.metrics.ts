import { Counter, Histogram, type Registry } from 'prom-client';

export interface HttpRequestLabels {
  method: string;
  /** The route template (`/v1/endpoints/:id`), never the raw URL: ids in paths would be unbounded. */
  route: string;
  /** 2xx, 3xx, 4xx or 5xx: per-status labels multiply series for little gain. */
  status_class: string;
}

/** What a request that matched no route is counted as (404 scans must not mint series). */
export const UNMATCHED_ROUTE = 'unmatched';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Labels of one finished request, each from a small fixed set or the service's own route table. */
export function httpRequestLabels(
  method: string,
  route: string | undefined,
  statusCode: number,
): HttpRequestLabels {
  const upper = method.toUpperCase();
  return {
    method: METHODS.has(upper) ? upper : 'OTHER',
    route: route && route.length > 0 ? route : UNMATCHED_ROUTE,
    status_class: statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : 'other',
  };
}

/** HTTP requests served by a service, by route template, method and status class. */
export class HttpRequestMetrics {
  readonly requests: Counter<keyof HttpRequestLabels>;
  readonly durationSeconds: Histogram<keyof HttpRequestLabels>;

  constructor(registry: Registry) {
    const labelNames = ['method', 'route', 'status_class'] as const;
    this.requests = new Counter({
      name: 'postback_http_requests_total',
      help: 'HTTP requests served, by route template, method and status class',
      labelNames,
      registers: [registry],
    });
    this.durationSeconds = new Histogram({
      name: 'postback_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template, method and status class',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  observe(labels: HttpRequestLabels, seconds: number): void {
    this.requests.inc(labels);
    this.durationSeconds.observe(labels, seconds);
  }
}
