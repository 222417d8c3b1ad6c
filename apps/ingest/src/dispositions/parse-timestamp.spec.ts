import { parseTimestamp } from './parse-timestamp';

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-30T10:15:00Z', '2026-11-30T10:15:00.000Z'],
    ['2026-11-30T12:15:00.250+02:00', '2026-11-30T10:15:00.250Z'],
    ['2026-11-30T10:15Z', '2026-11-30T10:15:00.000Z'],
    ['1796033700', '2026-11-30T10:15:00.000Z'],
    [1796033700, '2026-11-30T10:15:00.000Z'],
    ['1796033700250', '2026-11-30T10:15:00.250Z'],
    [1796033700250, '2026-11-30T10:15:00.250Z'],
  ])('reads %p', (raw, iso) => {
    expect(parseTimestamp(raw)?.toISOString()).toBe(iso);
  });

  it.each(['2026-11-30T10:15:00', '2026-11-30', 'yesterday', '', '-5', '0', '2026-13-45T99:99:00Z'])(
    'refuses %p',
    (raw) => {
      expect(parseTimestamp(raw)).toBeNull();
    },
  );

  it.each(['9000000000000000', 9e15, 1e300])('keeps %p a valid Date, the last one', (raw) => {
    expect(parseTimestamp(raw)?.toISOString()).toBe('+275760-09-13T00:00:00.000Z');
  });
});
