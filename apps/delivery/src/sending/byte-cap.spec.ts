import { ByteCap } from './byte-cap';

describe('ByteCap', () => {
  it('keeps a body within the limit whole, not truncated', () => {
    const cap = new ByteCap(6);
    expect(cap.add(Buffer.from('abc'))).toBe(false);
    expect(cap.add(Buffer.from('def'))).toBe(false);
    expect(cap.bytes().toString()).toBe('abcdef');
    expect(cap.truncated).toBe(false);
  });

  it('keeps exactly the limit of a longer body and says to stop', () => {
    const cap = new ByteCap(4);
    expect(cap.add(Buffer.from('abc'))).toBe(false);
    expect(cap.add(Buffer.from('defgh'))).toBe(true);
    expect(cap.add(Buffer.from('ij'))).toBe(true);
    expect(cap.bytes().toString()).toBe('abcd');
    expect(cap.truncated).toBe(true);
  });

  it('is truncated by one byte over the limit', () => {
    const cap = new ByteCap(3);
    expect(cap.add(Buffer.from('abc'))).toBe(false);
    expect(cap.add(Buffer.from('d'))).toBe(true);
    expect(cap.bytes().toString()).toBe('abc');
  });
});
