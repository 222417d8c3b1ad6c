import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS, censor } from './logger';
import { withLazyRequestChildren } from './lazy-children';

function setup(): { lines: () => Record<string, unknown>[]; serialised: jest.Mock; root: pino.Logger } {
  let raw = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString('utf8');
      done();
    },
  });
  const serialised = jest.fn((req: { url: string; headers: unknown }) => ({
    url: req.url,
    headers: req.headers,
  }));
  const root = pino({ serializers: { req: serialised }, redact: { paths: REDACTED_PATHS, censor } }, stream);
  const lines = (): Record<string, unknown>[] =>
    raw
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, serialised, root };
}

const request = { url: '/v1/postback?x=1', headers: { authorization: 'Bearer admin-token-123' } };

describe('withLazyRequestChildren', () => {
  it('makes no per-request child (no serializer, no redaction) while no line is written', () => {
    const { lines, serialised, root } = setup();
    const base = withLazyRequestChildren(root).child({}, {});
    const perRequest = base.child({ reqId: 7 }).child({ req: request }).child({ trace_id: 'abc' });
    expect(perRequest).toBeDefined();
    expect(serialised).not.toHaveBeenCalled();
    expect(lines()).toEqual([]);
  });

  it('writes, once used, the line the eager child would have written, secrets redacted', () => {
    const { lines, serialised, root } = setup();
    const base = withLazyRequestChildren(root).child({}, {});
    const perRequest = base.child({ reqId: 7 }).child({ req: request }).child({ trace_id: 'abc' });
    perRequest.warn({ token: 'pk_live_secret' }, 'refused');
    perRequest.info('again');
    root
      .child({ reqId: 7 })
      .child({ req: request })
      .child({ trace_id: 'abc' })
      .warn({ token: 'pk_live_secret' }, 'refused');

    expect(serialised).toHaveBeenCalledTimes(2); // once for the lazy child, once for the eager one
    const [lazyLine, second, eagerLine] = lines();
    const withoutTime = ({ time: _time, ...rest }: Record<string, unknown>): Record<string, unknown> => rest;
    expect(withoutTime(lazyLine)).toEqual(withoutTime(eagerLine));
    expect(lazyLine).toMatchObject({
      reqId: 7,
      trace_id: 'abc',
      token: '[redacted]',
      req: { url: '/v1/postback?x=1', headers: { authorization: '[redacted]' } },
    });
    expect(second).toMatchObject({ reqId: 7, msg: 'again' });
    expect(JSON.stringify(lines())).not.toContain('admin-token-123');
    expect(JSON.stringify(lines())).not.toContain('pk_live_secret');
  });

  it('answers levels and bindings as the real child does', () => {
    const { root } = setup();
    const lazy = withLazyRequestChildren(root).child({}, {}).child({ reqId: 9 });
    expect(lazy.isLevelEnabled('debug')).toBe(false);
    expect(lazy.level).toBe('info');
    expect(lazy.bindings()).toEqual({ reqId: 9 });
    lazy.setBindings({ user: 'u1' });
    expect(lazy.bindings()).toEqual({ reqId: 9, user: 'u1' });
  });
});
