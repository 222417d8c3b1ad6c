import { closest } from './suggest';

describe('closest', () => {
  const macros = ['call_id', 'click_id', 'rule_id', 'timestamp', 'custom.<name>'];

  it('offers the nearest known names first, never a pattern', () => {
    expect(closest('cal_id', macros)).toEqual(['call_id', 'rule_id', 'click_id']);
    expect(closest('timestmp', macros, 1)).toEqual(['timestamp']);
    expect(closest('custom', macros)).not.toContain('custom.<name>');
  });
});
