import { listOf, mapText, parseMap, postbackUrl, rateOf } from './postback-url';

describe('the postback URL and the source form', () => {
  it('gives the dialer a URL with its placeholders and the key', () => {
    expect(postbackUrl('http://127.0.0.1:3000', 'pk_x')).toBe(
      'http://127.0.0.1:3000/v1/postback?call_id={CALL_ID}&disposition={DISPOSITION}&value={VALUE}&timestamp={TIMESTAMP}&api_key=pk_x',
    );
  });

  it('reads a disposition map one "label = canonical" per line, and writes it back', () => {
    const map = parseMap('SALE = Sale\n\n bad line \nQL=Qualified Lead');
    expect(map).toEqual({ SALE: 'Sale', QL: 'Qualified Lead' });
    expect(mapText(map)).toBe('SALE = Sale\nQL = Qualified Lead');
  });

  it('splits an allow-list on commas and spaces', () => {
    expect(listOf(' 10.0.0.0/8, 192.0.2.1/32  ::1 ')).toEqual(['10.0.0.0/8', '192.0.2.1/32', '::1']);
  });

  it('reads a rate limit: empty is the default, a number a number, anything else as typed for the API to refuse', () => {
    expect(rateOf('  ')).toBeNull();
    expect(rateOf(' 50 ')).toBe(50);
    expect(rateOf('fast')).toBe('fast');
  });
});
