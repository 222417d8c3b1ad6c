import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const prometheusDir = path.join(__dirname, '..', '..', 'deploy', 'prometheus');

/** Runs promtool (installed by scripts/ensure-prometheus.sh) and hands back what it said. */
function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: prometheusDir, encoding: 'utf8', timeout: 60_000 });
  if (run.error)
    throw new Error(`promtool could not run (${run.error.message}); see scripts/ensure-prometheus.sh`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A failure shows promtool's own words, not just a non-zero status. */
function expectSuccess(result: { status: number | null; output: string }): void {
  expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.any(String) });
}

describe('deploy/prometheus', () => {
  it('has a valid configuration that loads the alert rules', () => {
    const result = promtool('check', 'config', 'prometheus.yml');
    expectSuccess(result);
    expect(result.output).toMatch(/1 rule files found/);
  });

  it('has valid alert rules', () => {
    expectSuccess(promtool('check', 'rules', 'alerts.yml'));
  });

  it('passes every alert-rule unit test (firing and not firing)', () => {
    const tests = readdirSync(path.join(prometheusDir, 'tests'))
      .filter((file) => file.endsWith('.test.yml'))
      .map((file) => path.join('tests', file));
    expect(tests.length).toBeGreaterThan(0);
    const result = promtool('test', 'rules', ...tests);
    expectSuccess(result);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(tests.length);
  });

  it('tests every alert it defines', () => {
    const text = (file: string) => readFileSync(path.join(prometheusDir, file), 'utf8');
    const defined = [...text('alerts.yml').matchAll(/^\s*- alert: (\w+)/gm)].map((m) => m[1]);
    const tested = readdirSync(path.join(prometheusDir, 'tests'))
      .filter((file) => file.endsWith('.test.yml'))
      .flatMap((file) => [...text(path.join('tests', file)).matchAll(/alertname: (\w+)/g)].map((m) => m[1]));
    expect(defined.length).toBeGreaterThan(0);
    expect(defined.filter((name) => !tested.includes(name))).toEqual([]);
  });
});
