import { AttemptDelivery } from './attempt-delivery.usecase';
import { type AttemptInput } from './attempt';
import { AttemptClaims } from './attempt-claims';
import { type Endpoint, disabledFailure } from '../endpoints/endpoint';
import { endpointInputSchema } from '../endpoints/endpoint-input.schema';
import { sampleDecision } from '../endpoints/sample-decision';
import { type SendResult } from '../sending/postback-sender';

/** An endpoint as saved with the defaults of its input schema. */
const endpoint = {
  id: 'e1',
  active: true,
  disabled_reason: null,
  ...endpointInputSchema.parse({ name: 'client', url_template: 'https://client.test/pb?call_id={call_id}' }),
} as Endpoint;

const disabled = disabledFailure(endpoint);

const answer = (status: number, retryAfter: string | null = null): SendResult => ({
  status,
  body: '',
  durationMs: 5,
  failure: null,
  retryAfter,
});

/** AttemptDelivery over stubbed ports: what each answer comes to, and what it produced. */
function setUp(result: SendResult, options: { recorded?: boolean; circuitOpen?: boolean } = {}) {
  const produced: string[] = [];
  const store = {
    recordAttempt: jest.fn(async () => options.recorded ?? true),
    transition: jest.fn(async () => true),
    get: jest.fn(async () => null),
  };
  const queue = {
    enqueue: jest.fn(async (_job: unknown, tier: number) => void produced.push(`retry tier ${tier}`)),
    deadLetter: jest.fn(async () => void produced.push('dlq')),
  };
  const outcomes = {
    publish: jest.fn(async (_job: unknown, outcome: string) => void produced.push(`outcome ${outcome}`)),
  };
  const circuit = {
    isOpen: () => options.circuitOpen ?? false,
    reopensAt: () => Date.now() + 500,
    onSuccess: jest.fn(),
    onFailure: jest.fn(async () => undefined),
  };
  const metric = { inc: jest.fn(), dec: jest.fn(), observe: jest.fn() };
  const claims = new AttemptClaims();
  const logger = { child: () => logger, info: jest.fn(), warn: jest.fn() };
  const useCase = new AttemptDelivery(
    store as never,
    { send: jest.fn(async () => result) } as never,
    { run: (_endpoint: unknown, task: () => Promise<SendResult>) => task() } as never,
    queue as never,
    outcomes as never,
    circuit as never,
    { delivery: { retrySchedule: ['1s', '2s'] } } as never,
    { inFlight: metric, attempts: metric, attemptSeconds: metric, endToEndSeconds: metric } as never,
    { signal: new AbortController().signal } as never,
    claims,
    logger as never,
  );
  const input = {
    endpoint,
    decision: sampleDecision(new Date()),
    delivery: { deliveryId: 'd-1', attempts: 0, status: 'pending' },
    nextTierIndex: 0,
    source: 'conversions.v1',
    originalTopic: 'conversions.v1',
  } as unknown as AttemptInput;
  return {
    run: () => useCase.run(input),
    skip: () => useCase.skip(input, disabled),
    produced,
    claims,
    store,
  };
}

describe('AttemptDelivery.run', () => {
  it('answers delivered, and produces the outcome', async () => {
    const { run, produced } = setUp(answer(200));
    await expect(run()).resolves.toMatchObject({ kind: 'delivered', statusCode: 200 });
    expect(produced).toEqual(['outcome delivered']);
  });

  it('answers retrying on the next tier, waiting the Retry-After the failure carried', async () => {
    const { run, produced } = setUp(answer(503, '1'));
    const before = Date.now();
    const outcome = await run();
    expect(outcome).toMatchObject({ kind: 'retrying', tier: '1s', reason: 'HTTP 503' });
    expect(outcome.kind === 'retrying' && outcome.dueAt - before).toBeGreaterThanOrEqual(1000);
    expect(produced).toEqual(['retry tier 0']);
  });

  it('answers dead for a permanent failure, dead-lettered with its outcome', async () => {
    const { run, produced } = setUp(answer(404));
    await expect(run()).resolves.toEqual({ kind: 'dead', reason: 'permanent: HTTP 404' });
    expect(produced).toEqual(['dlq', 'outcome failed']);
  });

  it('answers dead for a refused target, whose reason people can read', async () => {
    const refused: SendResult = {
      status: null,
      body: '',
      durationMs: 1,
      failure: { kind: 'refused', code: 'ESSRF', message: '10.0.0.1 is a private address' },
    };
    await expect(setUp(refused).run()).resolves.toEqual({
      kind: 'dead',
      reason: 'permanent: ESSRF: 10.0.0.1 is a private address',
    });
  });

  it('answers superseded when another handler recorded the delivery first, and produces nothing', async () => {
    const { run, produced, claims } = setUp(answer(200), { recorded: false });
    await expect(run()).resolves.toEqual({ kind: 'superseded' });
    expect(produced).toEqual([]);
    // Not remembered: the row may still stand at the count read (a skip failed it), and a
    // replay reopens it there.
    expect(claims.claim('d-1', 0)).not.toBeNull();
  });

  it('remembers the count it recorded, so that a stale read of the delivery claims no attempt', async () => {
    const { run, claims } = setUp(answer(503));
    await run();
    expect(claims.claim('d-1', 0)).toBeNull();
    expect(claims.claim('d-1', 1)).not.toBeNull();
  });

  it('skips (fails) a delivery for a disabled endpoint, but never beside an attempt of it under way here', async () => {
    const { skip, produced, claims, store } = setUp(answer(200));
    const held = claims.claim('d-1', 0)!;
    await skip();
    expect(store.transition).not.toHaveBeenCalled();
    expect(produced).toEqual([]);
    claims.release(held);
    await skip();
    expect(store.transition).toHaveBeenCalledWith(
      expect.objectContaining({ deliveryId: 'd-1' }),
      expect.objectContaining({ status: 'failed' }),
    );
    expect(produced).toEqual(['dlq', 'outcome failed']);
    expect(claims.holds('d-1')).toBe(false);
  });

  it('answers deferred while the circuit is open, without sending', async () => {
    const { run, produced } = setUp(answer(200), { circuitOpen: true });
    await expect(run()).resolves.toMatchObject({ kind: 'deferred', reason: 'circuit open' });
    expect(produced).toEqual(['retry tier 0']);
  });
});
