import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ServiceProcess, freePort } from '@postback/testing';
import { TcpProxy } from '../support/tcp-proxy';

interface Readiness {
  ready: boolean;
  checks: Record<string, string>;
}

/**
 * /health/live and /health/ready of a compiled service, with PostgreSQL and the schema registry
 * reached through proxies this test controls: closing one makes exactly that dependency
 * unreachable (its port refuses) without touching the shared stack.
 */
describe('health endpoints name the dependency that fails', () => {
  const database = new URL(process.env.DATABASE_URL!);
  const registry = new URL(process.env.SCHEMA_REGISTRY_URL!);
  const pgProxy = new TcpProxy(database.hostname, Number(database.port || 5432));
  const registryProxy = new TcpProxy(registry.hostname, Number(registry.port));
  let service: ServiceProcess;

  const readiness = async (): Promise<{ status: number; body: Readiness }> => {
    const response = await fetch(`${service.baseUrl}/health/ready`);
    return { status: response.status, body: (await response.json()) as Readiness };
  };
  /** Polls readiness until it answers the wanted status (the service notices on its next check). */
  const readinessUntil = async (status: number) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const answer = await readiness();
      if (answer.status === status || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  beforeAll(async () => {
    await pgProxy.open();
    await registryProxy.open();
    const viaPgProxy = new URL(database);
    viaPgProxy.port = String(pgProxy.port);
    const viaRegistryProxy = new URL(registry);
    viaRegistryProxy.port = String(registryProxy.port);
    const port = await freePort();
    service = new ServiceProcess(
      'delivery',
      port,
      {
        ...process.env,
        ADMIN_TOKEN: `health-admin-${randomUUID()}`,
        DELIVERY_PORT: String(port),
        DATABASE_URL: viaPgProxy.toString(),
        SCHEMA_REGISTRY_URL: viaRegistryProxy.toString(),
        LOG_LEVEL: 'warn',
        // Long enough to read readiness and another route inside the window, short for the suite.
        SHUTDOWN_DRAIN_MS: '1500',
      },
      resolve(__dirname, '..', '..'),
    );
    service.start();
    await service.ready();
  }, 120_000);

  afterAll(async () => {
    await service?.stop();
    await pgProxy.close();
    await registryProxy.close();
  });

  it('is live and ready with every dependency up', async () => {
    const live = await fetch(`${service.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok', checks: { consumers: 'up' } });
    expect(await readiness()).toEqual({
      status: 200,
      body: {
        ready: true,
        checks: { kafka: 'up', 'schema-registry': 'up', postgres: 'up', consumers: 'up' },
      },
    });
  });

  it('is not ready, naming postgres, while the database cannot be reached; live all along', async () => {
    await pgProxy.close();
    const down = await readinessUntil(503);
    expect(down.status).toBe(503);
    expect(down.body.ready).toBe(false);
    expect(down.body.checks).toEqual({
      kafka: 'up',
      'schema-registry': 'up',
      postgres: expect.stringMatching(/^down: /),
      consumers: 'up',
    });
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);

    await pgProxy.open();
    expect((await readinessUntil(200)).body).toEqual({
      ready: true,
      checks: { kafka: 'up', 'schema-registry': 'up', postgres: 'up', consumers: 'up' },
    });
  });

  it('is not ready, naming the schema registry, while the registry cannot be reached', async () => {
    await registryProxy.close();
    const down = await readinessUntil(503);
    expect(down.status).toBe(503);
    expect(down.body.checks).toEqual({
      kafka: 'up',
      'schema-registry': expect.stringMatching(/^down: /),
      postgres: 'up',
      consumers: 'up',
    });

    await registryProxy.open();
    expect((await readinessUntil(200)).status).toBe(200);
  });

  it('on SIGTERM answers readiness 503 naming the shutdown while other routes still work, then exits 0', async () => {
    const exited = service.stop('SIGTERM');
    const draining = await readinessUntil(503);
    expect(draining.status).toBe(503);
    // The service's own report, not Fastify's closing 503: the drain window is visible.
    expect(draining.body.checks).toMatchObject({ shutdown: 'down: shutting down', postgres: 'up' });
    expect(draining.body.ready).toBe(false);
    expect((await fetch(`${service.baseUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.baseUrl}/metrics`)).status).toBe(200);
    expect(await exited).toBe(0);
  });
});
