import { type Config } from '@postback/config';
import { DispositionIntakeService } from './disposition-intake.service';
import { type DispositionInput } from './disposition-input.schema';
import { type EventIntakeService, type IntakeRequest } from '../intake/event-intake.service';
import { type ResolvedSource } from '../sources/source-directory';

const DAY = 24 * 3_600_000;
const source = { id: 'src-1', disposition_map: {} } as unknown as ResolvedSource;
const sale = { call_id: 'CA-1', disposition: 'Sale', value: '50.00' } as unknown as DispositionInput;

function setUp() {
  const ids: string[] = [];
  const intake = {
    accept: async (request: IntakeRequest<{ event_id: string }>) => {
      ids.push(...request.events.map((event) => event.value.event_id));
      return [];
    },
  } as unknown as EventIntakeService;
  const config = { ingest: { idempotencyWindowMs: DAY } } as Config;
  return { service: new DispositionIntakeService(intake, config), ids };
}

describe('DispositionIntakeService event ids', () => {
  afterEach(() => jest.useRealTimers());

  it('gives a repeat without a timestamp the same id within the window, a new one after it', async () => {
    const { service, ids } = setUp();
    jest.useFakeTimers({ now: 10 * DAY + 1000 });
    await service.accept([sale], source, undefined, 'tp');
    jest.setSystemTime(10 * DAY + 5000);
    await service.accept([sale], source, undefined, 'tp');
    jest.setSystemTime(13 * DAY);
    await service.accept([sale], source, undefined, 'tp');
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('gives a repeat with a timestamp the same id whenever it comes', async () => {
    const { service, ids } = setUp();
    const stamped = { ...sale, timestamp: new Date('2026-12-01T10:00:00Z') } as DispositionInput;
    jest.useFakeTimers({ now: 10 * DAY });
    await service.accept([stamped], source, undefined, 'tp');
    jest.setSystemTime(40 * DAY);
    await service.accept([stamped], source, undefined, 'tp');
    expect(ids[0]).toBe(ids[1]);
  });

  it('gives each request with its own Idempotency-Key new ids (the claim recognises repeats)', async () => {
    const { service, ids } = setUp();
    await service.accept([sale], source, 'key-1', 'tp');
    await service.accept([sale], source, 'key-2', 'tp');
    expect(ids[0]).not.toBe(ids[1]);
  });
});
