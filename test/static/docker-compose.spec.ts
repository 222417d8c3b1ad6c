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
  ports?: (string | number | { published?: string | number; host_ip?: string })[];
};

const composeText = readFileSync(composePath, 'utf8');
const compose = parse(composeText) as { services?: Record<string, Service> };
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

/**
 * Compose's interpolation of `${VAR}`, `${VAR:-default}` and `${VAR:?error}` against an
 * environment: the text compose would use, or the error it would stop with.
 */
function interpolate(text: string, env: Record<string, string>): { value: string } | { error: string } {
  let error: string | null = null;
  const value = text.replace(
    /\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g,
    (_all, name: string, op?: string, arg = '') => {
      const set = op?.startsWith(':') ? Boolean(env[name]) : env[name] !== undefined;
      if (set) return env[name];
      if (op?.endsWith('?')) error ??= `${name}: ${arg}`;
      return op?.endsWith('-') ? arg : '';
    },
  );
  return error === null ? { value } : { error };
}

/** The variables that hold secrets: none may have a default, compose must refuse to start without each. */
const SECRET_VARIABLES = [
  'ADMIN_TOKEN',
  'INGEST_CALLER_HASH_KEY',
  'INGEST_SIGNING_SECRET_KEY',
  'ENDPOINT_SECRET_KEYS',
];

describe('docker-compose.yml exposure', () => {
  it.each(SECRET_VARIABLES)('requires %s in every app service, with no default', (variable) => {
    for (const name of appServices) {
      const raw = toMap(services[name]?.environment)[variable];
      expect({ service: name, variable, raw }).toEqual({ service: name, variable, raw: expect.any(String) });
      expect(interpolate(raw, {})).toEqual({ error: expect.stringContaining(variable) });
      expect(interpolate(raw, { [variable]: 'a-secret-of-the-operator' })).toEqual({
        value: 'a-secret-of-the-operator',
      });
    }
  });

  it('never gives a secret a default anywhere in the file', () => {
    const defaults = [...composeText.matchAll(/\$\{(\w*(?:TOKEN|KEY|SECRET|PASSWORD)\w*):?-/g)].map(
      (m) => m[1],
    );
    expect(defaults).toEqual([]);
  });

  it('publishes every port on 127.0.0.1 by default, on another address only when asked', () => {
    const published = Object.entries(services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => ({ name, port })),
    );
    expect(published.length).toBeGreaterThan(0);
    for (const { name, port } of published) {
      expect({ service: name, port, form: typeof port }).toEqual({ service: name, port, form: 'string' });
      const bound = (env: Record<string, string>) => {
        const result = interpolate(String(port), env);
        if ('error' in result) throw new Error(result.error);
        const parts = result.value.split(':');
        return parts.length === 3 ? parts[0] : 'every interface';
      };
      expect({ service: name, port, host: bound({}) }).toEqual({ service: name, port, host: '127.0.0.1' });
      expect(bound({ PUBLISH_ADDRESS: '0.0.0.0' })).toBe('0.0.0.0');
    }
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
