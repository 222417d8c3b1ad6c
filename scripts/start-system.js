// `npm start`: the embedded stack (Kafka + Apicurio on the local JVM, the local PostgreSQL)
// and the three services, in the foreground. Ctrl-C stops the services gracefully, and the
// stack too when this run started it.
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { startDemoReceiver } = require('./demo-receiver');

const root = join(__dirname, '..');
const stackDir = process.env.STACK_DIR ?? join(root, '.stack');
const logDir = join(stackDir, 'logs');
const stackScript = join(root, 'deploy/local/stack.sh');
const services = [
  { name: 'ingest', port: Number(process.env.INGEST_PORT ?? 3000) },
  { name: 'rules', port: Number(process.env.RULES_PORT ?? 3001) },
  { name: 'delivery', port: Number(process.env.DELIVERY_PORT ?? 3002) },
  { name: 'console', port: Number(process.env.CONSOLE_PORT ?? 3003) },
];
const demoReceiverPort = Number(process.env.DEMO_RECEIVER_PORT ?? 3090);
const DEMO_ENDPOINT = 'demo client system (npm start)';
// Only this local launcher lets delivery reach loopback, so that the demo receiver gets postbacks;
// the services' own default (and so production) still refuses private and loopback targets.
const localAllowNetworks = [process.env.DELIVERY_ALLOW_NETWORKS, '127.0.0.1/32'].filter(Boolean).join(',');

/** True when no part of the stack runs yet: only then is it this run's to stop. */
function stackDown() {
  try {
    execFileSync('bash', [stackScript, 'status'], { stdio: 'pipe' });
    return false;
  } catch (error) {
    return !/\bup\b/.test(String(error.stdout ?? ''));
  }
}

/** The admin token: ADMIN_TOKEN if set, else one generated once and kept in the state folder. */
function adminToken() {
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  const file = join(stackDir, 'admin-token');
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function waitReady(service, child) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${service.name} exited; see ${join(logDir, `${service.name}.log`)}`);
    const ok = await fetch(`http://127.0.0.1:${service.port}/health/ready`, {
      signal: AbortSignal.timeout(2000),
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} not ready after 120 s; see ${join(logDir, `${service.name}.log`)}`);
}

const children = [];
let ownStack = false;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping services…');
  await Promise.all(
    children.map((child) =>
      child.exitCode !== null ? null : new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM')),
    ),
  );
  if (ownStack) execFileSync('bash', [stackScript, 'stop'], { stdio: 'inherit' });
  process.exit(code);
}

async function main() {
  mkdirSync(logDir, { recursive: true });
  ownStack = stackDown();
  execFileSync('bash', [stackScript, 'start'], { stdio: 'inherit' });
  const token = adminToken();
  const demo = await startDemoReceiver(demoReceiverPort);
  for (const service of services) {
    const child = spawn(process.execPath, [join(root, 'dist/apps', service.name, 'src/main.js')], {
      // No load balancer to drain for on a developer's machine: Ctrl-C stops at once.
      env: {
        SHUTDOWN_DRAIN_MS: '0',
        ...process.env,
        ADMIN_TOKEN: token,
        DELIVERY_ALLOW_NETWORKS: localAllowNetworks,
        CONSOLE_INGEST_URL: `http://127.0.0.1:${services[0].port}`,
        CONSOLE_RULES_URL: `http://127.0.0.1:${services[1].port}`,
        CONSOLE_DELIVERY_URL: `http://127.0.0.1:${services[2].port}`,
        NODE_NO_WARNINGS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(logDir, `${service.name}.log`), { flags: 'a' });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    children.push(child);
  }

  // Whatever ends this launcher, the services must not outlive it.
  process.on('exit', () => children.forEach((child) => child.exitCode === null && child.kill('SIGTERM')));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  children.forEach((child, i) =>
    child.once('exit', (code) => {
      if (!stopping) {
        console.error(
          `${services[i].name} exited with ${code}; see ${join(logDir, `${services[i].name}.log`)}`,
        );
        void stop(1);
      }
    }),
  );

  await Promise.all(services.map((service, i) => waitReady(service, children[i])));
  const [ingest, rules, delivery, consoleUrl] = services.map((s) => `http://127.0.0.1:${s.port}`);
  await ensureDemoEndpoint(delivery, token, demo.url);
  // Intake needs a source's API key: create one for this run so the examples work as printed.
  const created = await fetch(`${ingest}/v1/sources`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `local demo ${new Date().toISOString()}` }),
  });
  if (created.status !== 201) throw new Error(`could not create a demo source: HTTP ${created.status}`);
  const apiKey = (await created.json()).api_key.key;
  console.log(`
Postback is running (logs in ${logDir}; Ctrl-C to stop).

  Send a postback (the URL a dialer calls):
    curl '${ingest}/v1/postback?call_id=CA-1001&disposition=Sale&value=125.50&api_key=${apiKey}'
  or JSON, one or a batch:
    curl -X POST ${ingest}/v1/dispositions -H 'Content-Type: application/json' -H 'X-API-Key: ${apiKey}' \\
      -d '{"call_id":"CA-1002","disposition":"Qualified Lead","value":"200"}'

  Each postback goes to the demo client system at ${demo.url}, which prints it here.

  Web console:          ${consoleUrl}  (sign in with the admin token below)

  Add another destination that receives conversion postbacks:
    curl -X POST ${delivery}/v1/endpoints -H "Authorization: Bearer ${token}" -H 'Content-Type: application/json' \\
      -d '{"name":"client","url_template":"https://client-system.com/postback?call_id={call_id}&disposition={disposition}&value={conversion_value}&timestamp={timestamp}"}'

  Decisions of a call:  curl -H "Authorization: Bearer ${token}" '${rules}/v1/conversions?call_id=CA-1001'
  Health and metrics:   ${ingest}/health/ready  ${ingest}/metrics  (rules ${rules}, delivery ${delivery})
  Demo source's key:    ${apiKey}  (more sources: POST ${ingest}/v1/sources; API in ${ingest}/openapi.json)
  Admin token:          ${token}  (kept in ${join(stackDir, 'admin-token')}; set ADMIN_TOKEN to choose one)
`);
}

/** The demo endpoint, pointing at the demo receiver: created once, found again on later starts. */
async function ensureDemoEndpoint(delivery, token, receiverUrl) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const url_template = `${receiverUrl}/postback?call_id={call_id}&disposition={disposition}&type={conversion_type}&value={conversion_value}&timestamp={timestamp}`;
  const listed = await fetch(`${delivery}/v1/endpoints`, { headers }).then((r) => r.json());
  if (listed.items.some((e) => e.name === DEMO_ENDPOINT && e.url_template === url_template)) return;
  const created = await fetch(`${delivery}/v1/endpoints`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ name: DEMO_ENDPOINT, url_template }),
  });
  if (created.status !== 201) throw new Error(`could not create the demo endpoint: HTTP ${created.status}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  void stop(1);
});
