import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * One HTTP/1.1 request written byte for byte on a socket: a request target or body with bytes
 * that fetch and node:http would encode or refuse (invalid UTF-8, bare percent signs) reaches
 * the server as given. Rejects when no complete answer comes within `timeoutMs` (a hang).
 */
export function rawRequest(
  baseUrl: string,
  head: { method: string; target: Buffer | string; headers?: Record<string, string> },
  body: Buffer = Buffer.alloc(0),
  timeoutMs = 10_000,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const headers: Record<string, string> = {
    host: `${hostname}:${port}`,
    connection: 'close',
    ...head.headers,
  };
  if (head.method !== 'GET' || body.length > 0) headers['content-length'] = String(body.length);
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${head.method} ${String(head.target)}`));
    });
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const answer = Buffer.concat(chunks);
      const split = answer.indexOf('\r\n\r\n');
      const head = answer.subarray(0, split < 0 ? answer.length : split).toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (!status) return reject(new Error(`not an HTTP answer: ${JSON.stringify(head.slice(0, 200))}`));
      const chunked = /\r\ntransfer-encoding: chunked/i.test(head);
      const body = answer.subarray(split + 4);
      resolve({ status: Number(status[1]), body: (chunked ? dechunk(body) : body).toString('utf8') });
    });
    socket.write(
      Buffer.concat([
        Buffer.from(`${head.method} `),
        Buffer.from(head.target as string, typeof head.target === 'string' ? 'latin1' : undefined),
        Buffer.from(` HTTP/1.1\r\n${lines.join('')}\r\n`),
        body,
      ]),
    );
  });
}

/** A chunked body's bytes, joined. */
function dechunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = body.indexOf('\r\n', at);
    const size = parseInt(body.subarray(at, end).toString('latin1'), 16);
    if (!size) return Buffer.concat(parts);
    parts.push(body.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
}
