import { checkConsume, topicsMatching } from './consume-options';

describe('consume options', () => {
  const catalogue = [
    'dispositions.v1',
    'postbacks.retry.30s',
    'postbacks.retry.2m',
    'postbacks.retry.30s.dlq',
  ];

  it('finds a pattern with * among the catalogue, one dot-free segment per *', () => {
    expect(topicsMatching('postbacks.retry.*', catalogue)).toEqual([
      'postbacks.retry.30s',
      'postbacks.retry.2m',
    ]);
    expect(topicsMatching('dispositions.v1', catalogue)).toEqual(['dispositions.v1']);
  });

  it('refuses a pattern that names no topic of the catalogue', () => {
    expect(() => topicsMatching('dispositions.v2', catalogue)).toThrow(
      "@EventPattern('dispositions.v2'): no topic of the catalogue matches",
    );
    expect(() => topicsMatching('dispositions?v1', catalogue)).toThrow(/no topic/);
  });

  it('takes options that fit', () => {
    const options = { group: 'g', transactional: true, batch: true };
    expect(checkConsume('t', options)).toBe(options);
    expect(checkConsume('t', { group: 'g', dueAt: () => null, laneOf: () => null })).toBeDefined();
  });

  it('names the option that does not fit', () => {
    expect(() => checkConsume('t', undefined)).toThrow("@EventPattern('t'): consume({ group }) is required");
    expect(() => checkConsume('t', { group: 'g', transactional: true, dueAt: () => null })).toThrow(
      /hooks.notBefore/,
    );
    expect(() => checkConsume('t', { group: 'g', dueAt: () => null, batch: true })).toThrow(
      /batch is not supported/,
    );
    expect(() => checkConsume('t', { group: 'g', laneOf: () => null })).toThrow('laneOf needs dueAt');
  });
});
