import { FollowedUpHere } from './followed-up-here';
import { OutcomePublisher } from './outcome-publisher';
import { type JobContext } from '../retrying/retry-queue';

const job = {
  deliveryId: 'dl-1',
  endpointId: 'e1',
  decisionId: 'd1',
  callId: 'c1',
  attempts: 3,
} as JobContext;

describe('OutcomePublisher', () => {
  it('notes a delivery as followed up once Kafka acknowledged its outcome, not before', async () => {
    const followedUp = new FollowedUpHere();
    const send = jest
      .fn()
      .mockRejectedValueOnce(new Error('not enough replicas'))
      .mockResolvedValue(undefined);
    const publisher = new OutcomePublisher({ send } as never, followedUp);
    await expect(publisher.publish(job, 'failed', 500, 'HTTP 500')).rejects.toThrow('not enough replicas');
    expect(followedUp.has('dl-1', 3)).toBe(false);
    await publisher.publish(job, 'failed', 500, 'HTTP 500');
    expect(followedUp.has('dl-1', 3)).toBe(true);
    expect(followedUp.has('dl-1', 2)).toBe(false);
  });
});
