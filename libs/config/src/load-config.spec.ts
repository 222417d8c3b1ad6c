import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadConfig({});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.schemaRegistry.url).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(config.ports).toEqual({ ingest: 3000, rules: 3001, delivery: 3002, console: 3003 });
    expect(config.console).toEqual({
      upstreams: {
        ingest: 'http://127.0.0.1:3000',
        rules: 'http://127.0.0.1:3001',
        delivery: 'http://127.0.0.1:3002',
      },
      publicIngestUrl: 'http://127.0.0.1:3000',
      sessionMs: 8 * 3_600_000,
    });
    expect(config.delivery.timeoutMs).toBe(15000);
    expect(config.kafka.topicRetentionMs).toBe(168 * 3_600_000);
  });

  it('shows dialers the public ingest URL when one is set, else the one the console proxies', () => {
    expect(loadConfig({ CONSOLE_INGEST_URL: 'http://ingest:3000/' }).console.publicIngestUrl).toBe(
      'http://ingest:3000',
    );
    const config = loadConfig({
      CONSOLE_INGEST_URL: 'http://ingest:3000',
      CONSOLE_PUBLIC_INGEST_URL: 'https://postbacks.example.com/',
    });
    expect(config.console.publicIngestUrl).toBe('https://postbacks.example.com');
    expect(config.console.upstreams.ingest).toBe('http://ingest:3000');
    expect(() => loadConfig({ CONSOLE_PUBLIC_INGEST_URL: 'postbacks.example.com' })).toThrow(
      /CONSOLE_PUBLIC_INGEST_URL/,
    );
  });

  it('splits broker lists and trims a trailing slash from the registry URL', () => {
    const config = loadConfig({ KAFKA_BROKERS: 'a:1, b:2', SCHEMA_REGISTRY_URL: 'http://r:8081/' });
    expect(config.kafka.brokers).toEqual(['a:1', 'b:2']);
    expect(config.schemaRegistry.url).toBe('http://r:8081');
  });

  it('bounds the consumer session timeout by what a broker accepts', () => {
    expect(loadConfig({}).kafka.consumerSessionTimeoutMs).toBe(30_000);
    expect(loadConfig({ KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '6000' }).kafka.consumerSessionTimeoutMs).toBe(
      6000,
    );
    expect(() => loadConfig({ KAFKA_CONSUMER_SESSION_TIMEOUT_MS: '1000' })).toThrow(
      /KAFKA_CONSUMER_SESSION_TIMEOUT_MS/,
    );
  });

  it('keeps the shutdown drain inside the grace period', () => {
    expect(loadConfig({}).shutdownDrainMs).toBe(5000);
    expect(loadConfig({ SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_GRACE_MS: '1000' }).shutdownDrainMs).toBe(0);
    expect(() => loadConfig({ SHUTDOWN_DRAIN_MS: '5000', SHUTDOWN_GRACE_MS: '5000' })).toThrow(
      /SHUTDOWN_DRAIN_MS: must be below SHUTDOWN_GRACE_MS .*"5000"/,
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ INGEST_PORT: '' }).ports.ingest).toBe(3000);
  });

  it('names every bad variable and the value it got', () => {
    let error: unknown;
    try {
      loadConfig({ INGEST_PORT: 'eighty', KAFKA_BROKERS: 'nohostport', ADMIN_TOKEN: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/INGEST_PORT: .*"eighty"/);
    expect(problems).toMatch(/KAFKA_BROKERS: expected a comma-separated list of host:port/);
    expect(problems).toMatch(/ADMIN_TOKEN: must be at least 16 characters/);
    expect(problems).toMatch(/ADMIN_TOKEN: .*\(value hidden\)/);
    expect(problems).not.toContain('short');
  });
});
