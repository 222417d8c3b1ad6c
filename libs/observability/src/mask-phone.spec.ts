import { isPhoneField, maskPhone } from './mask-phone';

describe('maskPhone', () => {
  it.each([
    ['+1 (555) 123-4567', '***67'],
    ['+447911123456', '***56'],
    ['5551234567', '***67'],
    [15551234567, '***67'],
    ['***67', '***67'],
  ])('keeps only the last two digits of %p', (value, masked) => {
    expect(maskPhone(value)).toBe(masked);
  });

  it.each([['1234'], [''], ['anonymous'], [null], [undefined], [{ number: '5551234567' }]])(
    'gives nothing away for %p',
    (value) => {
      expect(maskPhone(value)).toBe('***');
    },
  );

  it('never contains a run of more than two of the original digits', () => {
    expect(maskPhone('+1 555 987 6543')).not.toMatch(/\d{3}/);
  });
});

describe('isPhoneField', () => {
  it.each(['ani', 'ANI', 'caller_number', 'Caller-Number', 'phone', ' msisdn '])('knows %p', (name) => {
    expect(isPhoneField(name)).toBe(true);
  });

  it.each(['call_id', 'agent', 'campaign', 'caller_hash'])('leaves %p alone', (name) => {
    expect(isPhoneField(name)).toBe(false);
  });
});
