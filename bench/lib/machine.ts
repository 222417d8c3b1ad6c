import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, hostname, loadavg, totalmem, type } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_VERSION } from './kafka-ceiling';
import { ROOT } from './system';

/** What the figures were measured on: they mean little without it. */
export function machineFacts() {
  // java -version writes to stderr.
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr.split('\n')[0].trim();
  const pom = readFileSync(join(ROOT, 'deploy/local/pom.xml'), 'utf8');
  const postgres = (() => {
    try {
      return execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-tAc', 'SHOW server_version'], {
        encoding: 'utf8',
      }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    hostname: hostname(),
    os: `${type()} ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}`,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
    node: process.version,
    java,
    kafka: KAFKA_VERSION,
    schemaRegistry: `Apicurio Registry ${pom.match(/<apicurio\.version>(.*)<\/apicurio\.version>/)?.[1] ?? '?'}`,
    postgres,
    gitCommit: (() => {
      try {
        return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
      } catch {
        return 'unknown';
      }
    })(),
  };
}
