import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.join(__dirname, '..', '..');
const composePath = path.join(root, 'docker-compose.yml');

type Service = {
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, string> | string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string })[];
};

const compose = parse(readFileSync(composePath, 'utf8')) as { services?: Record<string, Service> };
const services = compose.services ?? {};
const serviceNames = Object.keys(services);
const appServices = ['ingest', 'rules', 'delivery'];

/** Compose accepts KEY=VALUE lists or maps for environment and build args. */
function toMap(value: Record<string, unknown> | string[] | undefined): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(value.map((item) => [item.split('=')[0], item.split('=').slice(1).join('=')]));
  }
  return Object.fromEntries(Object.entries(value ?? {}).map(([key, v]) => [key, String(v ?? '')]));
}

function dependencies(service: Service): [string, string | undefined][] {
  const dependsOn = service.depends_on ?? [];
  if (Array.isArray(dependsOn)) return dependsOn.map((name) => [name, undefined]);
  return Object.entries(dependsOn).map(([name, entry]) => [name, entry?.condition]);
}

describe('docker-compose.yml', () => {
  it('defines the infrastructure, observability and application services', () => {
    for (const name of ['kafka', 'schema-registry', 'postgres', 'prometheus', 'grafana', ...appServices]) {
      expect(serviceNames).toContain(name);
    }
  });

  it('depends only on defined services, and waits for health only where a healthcheck exists', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, condition] of dependencies(service)) {
        expect({ service: name, dependsOn: dependency, defined: serviceNames.includes(dependency) }).toEqual({
          service: name,
          dependsOn: dependency,
          defined: true,
        });
        if (condition === 'service_healthy') {
          const healthcheck = services[dependency]?.healthcheck;
          expect({ dependency, hasHealthcheck: Boolean(healthcheck?.test) && !healthcheck?.disable }).toEqual(
            {
              dependency,
              hasHealthcheck: true,
            },
          );
        }
      }
    }
  });

  it.each(appServices)('builds %s from the repo Dockerfile with a SERVICE arg naming an app', (name) => {
    const build = services[name]?.build;
    expect(build).toBeDefined();
    const spec = typeof build === 'string' ? { context: build } : (build ?? {});
    const dockerfile = path.resolve(root, spec.context ?? '.', spec.dockerfile ?? 'Dockerfile');
    expect(dockerfile).toBe(path.join(root, 'Dockerfile'));
    const service = toMap(spec.args).SERVICE;
    expect(service).toBe(name);
    expect(existsSync(path.join(root, 'apps', service, 'src', 'main.ts'))).toBe(true);
  });

  it('bind-mounts only host paths that exist in the repo', () => {
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
        if (source?.startsWith('./'))
          expect({ source, exists: existsSync(path.join(root, source)) }).toEqual({ source, exists: true });
      }
    }
  });

  it.each(appServices)('points %s at Kafka, the schema registry and PostgreSQL by service name', (name) => {
    const env = toMap(services[name]?.environment);
    for (const variable of ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'DATABASE_URL']) {
      expect({ variable, set: Boolean(env[variable]) }).toEqual({ variable, set: true });
    }
    const hosts = [
      ...env.KAFKA_BROKERS.split(',').map((broker) => broker.trim().split(':')[0]),
      new URL(env.SCHEMA_REGISTRY_URL).hostname,
      new URL(env.DATABASE_URL).hostname,
    ];
    for (const host of hosts) expect(serviceNames).toContain(host);
  });
});

describe('Dockerfile', () => {
  it('builds every stage from a Node 24 image', () => {
    const froms = readFileSync(path.join(root, 'Dockerfile'), 'utf8').match(/^FROM\s+\S+/gim) ?? [];
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(from).toMatch(/node:24/);
  });
});

describe('deploy/prometheus/prometheus.yml', () => {
  it('scrapes only hosts that are compose services', () => {
    const config = parse(readFileSync(path.join(root, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8')) as {
      scrape_configs?: { static_configs?: { targets?: string[] }[] }[];
    };
    const targets = (config.scrape_configs ?? []).flatMap((job) =>
      (job.static_configs ?? []).flatMap((group) => group.targets ?? []),
    );
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(serviceNames).toContain(target.split(':')[0]);
  });
});
