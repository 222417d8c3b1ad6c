import { lintTemplate } from './template-lint';

describe('lintTemplate', () => {
  it('finds nothing wrong in a template of known macros and formatters', () => {
    const lint = lintTemplate('https://x.test/p?c={call_id}&v={conversion_value|cents}&t={custom.tier}');
    expect(lint.problems).toEqual([]);
    expect(lint.macros).toEqual(expect.arrayContaining(['call_id', 'conversion_value', 'custom.<name>']));
    expect(lint.formatters).toEqual(expect.arrayContaining(['unix', 'cents', 'default']));
  });

  it('gives each unknown macro or formatter with the span to underline', () => {
    const template = 'https://x.test/p?c={cal_id}&t={timestamp|unx}';
    expect(lintTemplate(template).problems).toEqual([
      { position: 19, length: 8, problem: 'unknown macro "cal_id"' },
      { position: 30, length: 15, problem: 'unknown formatter "unx"' },
    ]);
    expect(template.substr(19, 8)).toBe('{cal_id}');
    expect(template.substr(30, 15)).toBe('{timestamp|unx}');
  });
});
