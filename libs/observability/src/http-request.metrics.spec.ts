import { Registry } from 'prom-client';
import { HttpRequestMetrics, UNMATCHED_ROUTE, httpRequestLabels } from './http-request.metrics';

describe('httpRequestLabels', () => {
  it('keeps the route template and folds the status into its class', () => {
    expect(httpRequestLabels('get', '/v1/endpoints/:id', 404)).toEqual({
      method: 'GET',
      route: '/v1/endpoints/:id',
      status_class: '4xx',
    });
    expect(httpRequestLabels('POST', '/v1/dispositions', 202).status_class).toBe('2xx');
    expect(httpRequestLabels('POST', '/v1/dispositions', 503).status_class).toBe('5xx');
  });

  it('counts requests that matched no route under one label, whatever their URL', () => {
    expect(httpRequestLabels('GET', undefined, 404).route).toBe(UNMATCHED_ROUTE);
    expect(httpRequestLabels('GET', '', 404).route).toBe(UNMATCHED_ROUTE);
  });

  it('bounds odd methods and statuses', () => {
    expect(httpRequestLabels('PROPFIND', '/x', 200).method).toBe('OTHER');
    expect(httpRequestLabels('GET', '/x', 999).status_class).toBe('other');
  });
});

describe('HttpRequestMetrics', () => {
  it('counts a request and observes its duration under the same labels', async () => {
    const registry = new Registry();
    const metrics = new HttpRequestMetrics(registry);
    metrics.observe(httpRequestLabels('GET', '/health/ready', 200), 0.004);
    const text = await registry.metrics();
    expect(text).toContain(
      'postback_http_requests_total{method="GET",route="/health/ready",status_class="2xx"} 1',
    );
    expect(text).toContain(
      'postback_http_request_duration_seconds_count{method="GET",route="/health/ready",status_class="2xx"} 1',
    );
  });
});
