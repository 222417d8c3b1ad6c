import { type DataSource } from 'typeorm';
import { type Keyring } from '@postback/crypto';
import { type Endpoint } from './endpoint';
import { EndpointsRepository } from './endpoints.repository';
import { type DeliveryMetrics } from '../delivery.metrics';

/** The repository with its table stubbed: `list` answers what `reads` says, counting the reads. */
function repositoryWith(reads: (() => Promise<Endpoint[]>)[]) {
  const table = { update: jest.fn(async () => ({ affected: 1 })) };
  const dataSource = { getRepository: () => table } as unknown as DataSource;
  const repository = new EndpointsRepository(dataSource, {} as DeliveryMetrics, {} as Keyring);
  const list = jest.spyOn(repository, 'list').mockImplementation(() => reads.shift()!());
  return { repository, list };
}

const endpoints = (...ids: string[]) => ids.map((id) => ({ id }) as Endpoint);

describe('EndpointsRepository.forMatching', () => {
  afterEach(() => jest.useRealTimers());

  it('reuses the endpoints for a second, then reads them again', async () => {
    jest.useFakeTimers();
    const { repository, list } = repositoryWith([
      async () => endpoints('a'),
      async () => endpoints('a', 'b'),
    ]);
    expect(await repository.forMatching()).toEqual(endpoints('a'));
    await jest.advanceTimersByTimeAsync(900);
    expect(await repository.forMatching()).toEqual(endpoints('a'));
    expect(list).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(100);
    expect(await repository.forMatching()).toEqual(endpoints('a', 'b'));
    expect(list).toHaveBeenCalledTimes(2);
  });

  it('reads again at once after an endpoint is disabled or enabled here', async () => {
    const { repository, list } = repositoryWith([
      async () => endpoints('a'),
      async () => endpoints('a-disabled'),
      async () => endpoints('a-enabled'),
    ]);
    await repository.forMatching();
    await repository.disable('a', 'failing continuously');
    expect(await repository.forMatching()).toEqual(endpoints('a-disabled'));
    await repository.enable('a');
    expect(await repository.forMatching()).toEqual(endpoints('a-enabled'));
    expect(list).toHaveBeenCalledTimes(3);
  });

  it('does not reuse a failed read', async () => {
    const { repository } = repositoryWith([
      async () => Promise.reject(new Error('connection refused')),
      async () => endpoints('a'),
    ]);
    await expect(repository.forMatching()).rejects.toThrow('connection refused');
    expect(await repository.forMatching()).toEqual(endpoints('a'));
  });
});
