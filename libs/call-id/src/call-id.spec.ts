import { CALL_ID_RULE, callIdField, optionalIdField } from './call-id';

const problem = (schema: typeof callIdField | typeof optionalIdField, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : parsed.error.issues[0].message;
};

describe('the call id rule', () => {
  it.each(['CA-1001', 'a.b:c@d_e-f', 'x'.repeat(128), ' CA-1 '])('takes %p', (value) => {
    expect(problem(callIdField, value)).toBeNull();
  });

  it('trims', () => {
    expect(callIdField.parse(' CA-1 ')).toBe('CA-1');
  });

  it.each([
    [undefined, 'is required'],
    ['', 'is required'],
    ['   ', 'is required'],
    ['x'.repeat(129), 'is longer than 128 characters'],
    ['CA 1', CALL_ID_RULE.problem],
    ['CA/1', CALL_ID_RULE.problem],
    ['CA\u00001', CALL_ID_RULE.problem],
  ])('refuses %p: %s', (value, message) => {
    expect(problem(callIdField, value)).toBe(message);
  });

  it('words an optional id that is given but wrong, and lets it be absent', () => {
    expect(problem(optionalIdField, undefined)).toBeNull();
    expect(problem(optionalIdField, 7)).toBe('must be a string');
    expect(problem(optionalIdField, ' ')).toBe('may not be empty');
    expect(problem(optionalIdField, 'pub 1')).toBe(CALL_ID_RULE.problem);
  });
});
