import { type ConversionDecision } from '@postback/contracts';
import { DeliverDecisionUseCase, routeOf } from './deliver-decision.usecase';
import { type DeliveryToOpen } from './delivery-batch.store';

const endpoint = (id: string, active = true) => ({
  id,
  active,
  disabled_reason: active ? null : 'failing continuously',
  scope: { type: 'global', id: null },
  filter: { types: ['conversion'], min_value: null, upgrades: true, reversals: true },
});
const decision = (n: number) =>
  ({
    decision_id: `9d0c2d6a-4f7e-4b36-9a0e-6c2f7f4e1a1${n}`,
    call_id: `c${n}`,
    type: 'conversion',
    status: 'new',
    value: '10.00',
    traceparent: null,
  }) as ConversionDecision;

function setUp(statusOf: (d: DeliveryToOpen) => string = () => 'pending') {
  const calls = { openAll: [] as DeliveryToOpen[][], runAll: [] as string[][], skip: [] as string[] };
  const firstAttempt = {
    runAll: jest.fn(async (inputs: { endpoint: { id: string }; decision: ConversionDecision }[]) => {
      calls.runAll.push(inputs.map(({ decision: d, endpoint: e }) => `${d.call_id}→${e.id}`));
    }),
  };
  const store = {
    openAll: async (deliveries: DeliveryToOpen[]) => {
      calls.openAll.push(deliveries);
      return new Map(
        deliveries.map((d) => [
          d.deliveryId,
          { delivery: { deliveryId: d.deliveryId, status: statusOf(d), attempts: 1 }, created: true },
        ]),
      );
    },
  };
  const attempt = {
    skip: jest.fn(async ({ endpoint: { id } }: { endpoint: { id: string } }) => void calls.skip.push(id)),
  };
  const republish = { execute: jest.fn(async () => undefined) };
  const useCase = new DeliverDecisionUseCase(
    { list: async () => [endpoint('e1'), endpoint('off', false)] } as never,
    store as never,
    attempt as never,
    firstAttempt as never,
    {} as never,
    republish as never,
    { deliveriesCreated: { inc: jest.fn() } } as never,
    { delivery: { retrySchedule: ['1s'] } } as never,
  );
  return { useCase, calls, republish };
}

describe('DeliverDecisionUseCase', () => {
  it("opens a batch's deliveries in one call and sends their first attempts together", async () => {
    const { useCase, calls } = setUp();
    await useCase.executeAll([decision(1), decision(2), decision(1)]);
    expect(calls.openAll).toHaveLength(1);
    // One delivery per (decision, endpoint), however often the decision came.
    expect(calls.openAll[0].map((d) => `${d.decision.call_id}→${d.endpointId}`)).toEqual([
      'c1→e1',
      'c1→off',
      'c2→e1',
      'c2→off',
    ]);
    expect(calls.runAll).toEqual([['c1→e1', 'c2→e1']]);
    // The disabled endpoint's deliveries are dead-lettered, not sent.
    expect(calls.skip).toEqual(['off', 'off']);
  });

  it('sends nothing again for a finished delivery, and lets the first attempts end before a failure is rethrown', async () => {
    const { useCase, calls, republish } = setUp((d) =>
      d.decision.call_id === 'c1' ? 'delivered' : 'pending',
    );
    republish.execute.mockRejectedValue(new Error('produce failed'));
    await expect(useCase.executeAll([decision(1), decision(2)])).rejects.toThrow('produce failed');
    expect(calls.runAll).toEqual([['c2→e1']]);
  });
  it('answers what the batch came to, by route', async () => {
    const { useCase } = setUp((d) => (d.decision.call_id === 'c3' ? 'delivered' : 'pending'));
    await expect(useCase.execute([decision(1), decision(3)])).resolves.toEqual({
      created: 4,
      first: 1,
      disabled: 1,
      resume: 2,
    });
    await expect(useCase.execute([])).resolves.toEqual({ created: 0, first: 0, disabled: 0, resume: 0 });
  });

  it.each([
    ['pending', true, 'first'],
    ['pending', false, 'disabled'],
    ['retrying', true, 'resume'],
    ['delivered', false, 'resume'],
    ['failed', true, 'resume'],
  ] as const)('routes a %s delivery to an endpoint active=%p: %s', (status, active, route) => {
    expect(routeOf({ delivery: { status }, endpoint: { active } } as never)).toBe(route);
  });
});
