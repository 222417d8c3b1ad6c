import { ConfigError, loadConfig } from './load-config';

describe('ingest configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({}).ingest).toEqual({
      bodyLimitBytes: 1_048_576,
      trustedProxies: [],
      callerHashKey: 'postback-development-caller-hash-key',
      signingSecretKey: 'postback-development-signing-secret-key',
      defaultCountryCode: '1',
      idempotencyWindowMs: 24 * 3_600_000,
      rateLimitPerSecond: 1000,
      producerLingerMs: 20,
      sourceCacheMs: 5000,
    });
  });

  it('reads lists and hours', () => {
    const config = loadConfig({
      INGEST_TRUSTED_PROXIES: '10.0.0.0/8, ::1',
      INGEST_IDEMPOTENCY_WINDOW_HOURS: '2',
      INGEST_PRODUCER_LINGER_MS: '0',
    });
    expect(config.ingest.trustedProxies).toEqual(['10.0.0.0/8', '::1']);
    expect(config.ingest.idempotencyWindowMs).toBe(7_200_000);
    expect(config.ingest.producerLingerMs).toBe(0);
  });

  it('names bad values and never shows a key', () => {
    let error: unknown;
    try {
      loadConfig({
        INGEST_CALLER_HASH_KEY: 'short-key',
        INGEST_DEFAULT_COUNTRY_CODE: '+44',
        INGEST_PRODUCER_LINGER_MS: '500',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/INGEST_CALLER_HASH_KEY: must be at least 16 characters \(value hidden\)/);
    expect(problems).not.toContain('short-key');
    expect(problems).toMatch(/INGEST_DEFAULT_COUNTRY_CODE: expected a country calling code/);
    expect(problems).toMatch(/INGEST_PRODUCER_LINGER_MS: /);
  });
});
