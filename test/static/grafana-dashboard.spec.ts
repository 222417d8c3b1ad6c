import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

type Panel = {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr?: string }[];
};

/** Where docker-compose.yml makes a host path visible inside the grafana container. */
function grafanaMounts(): { host: string; container: string }[] {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, { volumes?: string[] }> };
  return (compose.services.grafana.volumes ?? [])
    .map((volume) => volume.split(':'))
    .filter(([host]) => host.startsWith('./'))
    .map(([host, container]) => ({ host: path.join(root, host), container }));
}

describe('the Grafana dashboards', () => {
  const provider = parse(read('deploy/grafana/provisioning/dashboards/dashboards.yml')) as {
    providers: { options: { path: string } }[];
  };
  const providerPath = provider.providers[0].options.path;
  const mount = grafanaMounts().find(({ container }) => providerPath.startsWith(container));
  const hostDir = mount ? path.join(mount.host, path.relative(mount.container, providerPath)) : '';
  const dashboards = mount ? readdirSync(hostDir).filter((file) => file.endsWith('.json')) : [];

  it('lie where the provider looks, through a docker-compose mount', () => {
    expect(mount).toBeDefined();
    expect(dashboards).toContain('postback-pipeline.json');
  });

  it('use the provisioned Prometheus datasource and have unique panel ids', () => {
    const datasources = parse(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as {
      datasources: { uid: string }[];
    };
    const uids = datasources.datasources.map((ds) => ds.uid);
    for (const file of dashboards) {
      const dashboard = JSON.parse(readFileSync(path.join(hostDir, file), 'utf8')) as {
        uid: string;
        panels: Panel[];
      };
      expect(dashboard.uid).toBeTruthy();
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const panel of dashboard.panels.filter((p) => p.type !== 'row')) {
        expect({ panel: panel.title, uid: uids.includes(panel.datasource?.uid ?? '') }).toEqual({
          panel: panel.title,
          uid: true,
        });
        expect({
          panel: panel.title,
          queries: (panel.targets ?? []).filter((t) => t.expr).length > 0,
        }).toEqual({
          panel: panel.title,
          queries: true,
        });
      }
    }
  });

  it('query in valid PromQL (promtool parses each query as a recording rule)', () => {
    const exprs = dashboards.flatMap((file) =>
      (JSON.parse(readFileSync(path.join(hostDir, file), 'utf8')) as { panels: Panel[] }).panels.flatMap(
        (panel) => (panel.targets ?? []).flatMap((target) => (target.expr ? [target.expr] : [])),
      ),
    );
    // Grafana fills $__rate_interval in; any range will do for a syntax check.
    const rules = exprs.map((expr, i) => ({
      record: `dashboard:query_${i}`,
      expr: expr.replaceAll('$__rate_interval', '5m'),
    }));
    const dir = mkdtempSync(path.join(tmpdir(), 'dashboard-promql-'));
    try {
      const file = path.join(dir, 'dashboard.rules.yml');
      writeFileSync(file, stringify({ groups: [{ name: 'dashboard', rules }] }));
      const run = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8', timeout: 60_000 });
      if (run.error)
        throw new Error(`promtool could not run (${run.error.message}); see scripts/ensure-prometheus.sh`);
      expect({ status: run.status, output: `${run.stdout}${run.stderr}` }).toEqual({
        status: 0,
        output: expect.any(String),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
