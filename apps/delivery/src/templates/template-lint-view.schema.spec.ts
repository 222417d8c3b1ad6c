import { viewProblems } from '@postback/testing';
import { lintTemplate } from './template-lint';
import { lintView } from './template-lint-view.schema';

describe('lintView', () => {
  it('describes a lint with problems as sent', () => {
    const lint = lintTemplate('https://x.example/?a={cal_id}&b={conversion_value|centz}');
    expect(lint.problems).toHaveLength(2);
    expect(viewProblems(lintView, lint)).toBeNull();
  });
});
