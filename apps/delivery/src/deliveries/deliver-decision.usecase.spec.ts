import { type ConversionDecision } from '@postback/contracts';
import { DeliverDecisionUseCase } from './deliver-decision.usecase';

const endpoint = (id: string) => ({
  id,
  active: true,
  disabled_reason: null,
  scope: { type: 'global', id: null },
  filter: { types: ['conversion'], min_value: null, upgrades: true, reversals: true },
});

describe('DeliverDecisionUseCase', () => {
  it("lets every endpoint's attempt end before one endpoint's failure is rethrown", async () => {
    let slowEnded = false;
    const firstAttempt = {
      run: jest.fn(async ({ endpoint: { id } }: { endpoint: { id: string } }) => {
        if (id === 'fails') throw new Error('produce failed');
        await new Promise((resolve) => setTimeout(resolve, 50));
        slowEnded = true;
      }),
    };
    const useCase = new DeliverDecisionUseCase(
      { list: async () => [endpoint('fails'), endpoint('slow')] } as never,
      {
        open: async (deliveryId: string) => ({
          delivery: { deliveryId, status: 'pending', attempts: 0 },
          created: false,
        }),
      } as never,
      {} as never,
      firstAttempt as never,
      {} as never,
      {} as never,
      { deliveriesCreated: { inc: jest.fn() } } as never,
      { delivery: { retrySchedule: ['1s'] } } as never,
    );
    const decision = {
      decision_id: '9d0c2d6a-4f7e-4b36-9a0e-6c2f7f4e1a11',
      call_id: 'c1',
      type: 'conversion',
      status: 'new',
      value: '10.00',
    } as ConversionDecision;
    await expect(useCase.execute(decision)).rejects.toThrow('produce failed');
    expect(slowEnded).toBe(true);
  });
});
