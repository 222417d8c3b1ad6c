import { SteadyLoad } from './steady-load';

describe('SteadyLoad', () => {
  it('sends rate × duration requests at a steady pace and keeps only the 202s as accepted', async () => {
    const sentAt: number[] = [];
    const load = new SteadyLoad({
      ratePerSecond: 50,
      durationMs: 400,
      send: async (index) => {
        sentAt.push(Date.now());
        if (index % 4 === 1) return { status: 503 };
        if (index % 4 === 2) return { status: null };
        return { status: 202, accepted: { callId: `c${index}`, eventId: `e${index}` } };
      },
    });
    const summary = await load.start();
    expect(summary.sent).toBe(20);
    expect(summary.answers).toEqual({ '202': 10, '503': 5, none: 5 });
    expect(summary.accepted.map((item) => item.callId)).toEqual(
      [0, 3, 4, 7, 8, 11, 12, 15, 16, 19].map((index) => `c${index}`),
    );
    // 19 intervals of 20 ms between the first and the last request.
    expect(sentAt[19] - sentAt[0]).toBeGreaterThanOrEqual(370);
  });
});
