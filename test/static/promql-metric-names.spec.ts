import { exportedMetricNames, promqlMetricNames } from '../support/promql-metric-names';

describe('promqlMetricNames', () => {
  it('finds the metrics of an expression, not its functions, labels, keywords or ranges', () => {
    expect(
      promqlMetricNames(`
        (sum by (endpoint_id) (rate(postback_delivery_attempts_total{outcome!="success"}[10m]))
          / sum by (endpoint_id) (rate(postback_delivery_attempts_total[10m]))) > 0.5
        and on (endpoint_id) sum by (endpoint_id) (increase(postback_delivery_attempts_total[10m])) >= 5`),
    ).toEqual(['postback_delivery_attempts_total']);
  });

  it('reads histogram series, Grafana variables and vector() fallbacks', () => {
    expect(
      promqlMetricNames(
        'histogram_quantile(0.95, sum by (le) (rate(postback_end_to_end_seconds_bucket{service=~"$service"}[$__rate_interval]))) or vector(0)',
      ),
    ).toEqual(['postback_end_to_end_seconds_bucket']);
    expect(
      promqlMetricNames('up{job=~"ingest|rules"} == 0 unless ignoring(instance) process_start_time_seconds'),
    ).toEqual(['process_start_time_seconds', 'up']);
  });

  it('ignores names inside strings and label values', () => {
    expect(promqlMetricNames('label_replace(foo_total, "dst", "$1", "src", "(bar_total)")')).toEqual([
      'foo_total',
    ]);
  });
});

describe('exportedMetricNames', () => {
  it('lists each TYPE line, with the series of histograms and summaries', () => {
    const names = exportedMetricNames(
      [
        '# HELP a_total A',
        '# TYPE a_total counter',
        '# HELP h_seconds H',
        '# TYPE h_seconds histogram',
        'h_seconds_bucket{le="1"} 0',
        '# TYPE g gauge',
      ].join('\n'),
    );
    expect([...names].sort()).toEqual([
      'a_total',
      'g',
      'h_seconds',
      'h_seconds_bucket',
      'h_seconds_count',
      'h_seconds_sum',
    ]);
  });
});
