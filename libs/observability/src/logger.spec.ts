import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { lines: () => Record<string, unknown>[]; raw: () => string; stream: Writable } {
  let raw = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw += chunk.toString('utf8');
      done();
    },
  });
  return {
    stream,
    raw: () => raw,
    lines: () =>
      raw
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON line with the service name, and hides secrets and phone numbers', () => {
    const out = capture();
    const logger = createLogger('ingest', 'info', out.stream);
    logger.info(
      {
        call_id: 'CA-1',
        api_key: 'pk_live_secret',
        req: { headers: { authorization: 'Bearer admin-token-123', 'x-api-key': 'pk_live_secret' } },
        auth: { type: 'standard_webhooks', secrets: ['whsec_abc'] },
        endpoint: { auth: { type: 'basic', password: 'hunter2' } },
        caller_number: '+15551234567',
        event: { ani: '5559876543', custom_fields: { phone: '+44 7911 123456', agent: 'a7' } },
        custom_fields: { caller: '5550001111' },
      },
      'disposition accepted',
    );
    const raw = out.raw();
    for (const secret of ['pk_live_secret', 'admin-token-123', 'whsec_abc', 'hunter2']) {
      expect(raw).not.toContain(secret);
    }
    for (const phone of ['5551234567', '5559876543', '7911', '5550001111']) expect(raw).not.toContain(phone);
    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'ingest',
      call_id: 'CA-1',
      msg: 'disposition accepted',
      caller_number: '***67',
      event: { ani: '***43', custom_fields: { phone: '***56', agent: 'a7' } },
      custom_fields: { caller: '***11' },
      auth: { secrets: '[redacted]' },
    });
  });

  it('masks phone fields nested deeper, in arrays and in any case, and keeps the caller’s object', () => {
    const out = capture();
    const logger = createLogger('rules', 'info', out.stream);
    const logged = {
      CallerID: '5554443333',
      custom_fields: { ANI: '5551234567', agent: 'a7' },
      events: [{ ani: '5559876543' }, { payload: { custom_fields: { Phone_Number: '+44 7911 123456' } } }],
      token: 'tok_secret_value',
    };
    logger.info(logged, 'call events');
    const raw = out.raw();
    for (const phone of ['5554443333', '5551234567', '5559876543', '7911']) expect(raw).not.toContain(phone);
    expect(raw).not.toContain('tok_secret_value');
    expect(out.lines()[0]).toMatchObject({
      CallerID: '***33',
      custom_fields: { ANI: '***67', agent: 'a7' },
      events: [{ ani: '***43' }, { payload: { custom_fields: { Phone_Number: '***56' } } }],
      token: '[redacted]',
    });
    expect(logged.custom_fields.ANI).toBe('5551234567');
  });
});
