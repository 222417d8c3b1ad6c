import { chooseTarget, endpointFor } from './choose-target';
import { type Endpoint } from './endpoint';

const withBackup = { backup_url_template: 'https://backup.test/pb?c={call_id}', backup_after_failures: 2 };
const without = { backup_url_template: null, backup_after_failures: null };

describe('chooseTarget', () => {
  it('sends to the primary until it has failed the delivery backup_after_failures times', () => {
    expect(chooseTarget(withBackup, 0, false)).toBe('primary');
    expect(chooseTarget(withBackup, 1, false)).toBe('primary');
    expect(chooseTarget(withBackup, 2, false)).toBe('backup');
    expect(chooseTarget(withBackup, 5, false)).toBe('backup');
  });

  it("goes to the backup at once while the primary's circuit is open", () => {
    expect(chooseTarget(withBackup, 0, true)).toBe('backup');
  });

  it('without a backup: the primary, or wait while its circuit is open', () => {
    expect(chooseTarget(without, 7, false)).toBe('primary');
    expect(chooseTarget(without, 0, true)).toBe('wait');
  });
});

describe('endpointFor', () => {
  const endpoint = { url_template: 'https://primary.test/', ...withBackup } as Endpoint;

  it("puts the backup's URL in place of the primary's and keeps the rest", () => {
    expect(endpointFor(endpoint, 'backup')).toMatchObject({ url_template: withBackup.backup_url_template });
    expect(endpointFor(endpoint, 'primary')).toBe(endpoint);
  });
});
