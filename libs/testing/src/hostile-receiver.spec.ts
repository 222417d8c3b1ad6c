import { request } from 'node:http';
import { HostileReceiver } from './hostile-receiver';

/** One request with a webhook-id; resolves with the status and body, or the error's code. */
function send(
  url: string,
  webhookId: string,
  timeoutMs = 1000,
): Promise<{ status?: number; body?: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { headers: { 'webhook-id': webhookId } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    // A total deadline, as the sender's: a drip never lets a socket idle timeout fire.
    const timer = setTimeout(() => {
      req.destroy();
      resolve({ error: 'TIMEOUT' });
    }, timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

describe('HostileReceiver', () => {
  const receiver = new HostileReceiver();
  let base: string;
  beforeAll(async () => (base = await receiver.start()));
  afterAll(() => receiver.stop());

  it('hangs the first attempt, acknowledges the retry once', async () => {
    expect(await send(`${base}/hang-once/p`, 'h1', 300)).toEqual({ error: 'TIMEOUT' });
    expect(await send(`${base}/hang-once/p`, 'h1')).toMatchObject({ status: 200 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(receiver.acknowledged().get('h1')).toBe(1);
  });

  it('resets the first connection and answers 429 with Retry-After before it succeeds', async () => {
    expect((await send(`${base}/reset-once/p`, 'r1')).error).toBe('ECONNRESET');
    expect(await send(`${base}/throttle-429/p`, 't1')).toMatchObject({ status: 429 });
    expect(await send(`${base}/throttle-429/p`, 't1')).toMatchObject({ status: 200 });
  });

  it('answers a failure body twice, a binary pixel, and a 500 that it never acknowledges', async () => {
    expect(String((await send(`${base}/failure-body/p`, 'f1')).body)).toBe('{"success":false}');
    await send(`${base}/failure-body/p`, 'f1');
    expect(String((await send(`${base}/failure-body/p`, 'f1')).body)).toBe('{"success":true}');
    const pixel = await send(`${base}/binary/p`, 'b1');
    expect(pixel.body!.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(pixel.body!.includes(0)).toBe(true);
    expect(await send(`${base}/error-500/p`, 'e1')).toMatchObject({ status: 500 });
    await new Promise((resolve) => setImmediate(resolve));
    const acks = receiver.acknowledged();
    expect([acks.get('f1'), acks.get('b1'), acks.get('e1')]).toEqual([1, 1, undefined]);
  });

  it('drips the first answer without end and sends a gzip bomb', async () => {
    const dripped = await send(`${base}/drip-once/p`, 'd1', 500);
    expect(dripped.error).toBeDefined();
    const bomb = await send(`${base}/gzip-bomb/p`, 'g1');
    expect(bomb.status).toBe(200);
    expect(bomb.body!.length).toBeLessThan(100_000);
  });
});
