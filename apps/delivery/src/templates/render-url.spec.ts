import { UrlValueError, renderUrl } from './render-url';

// Pieces a hostile dialer would combine; a seeded generator makes many values of them.
const PIECES = [
  ...['.', '..', '/', '\\', '%', '%2e', '%2E', '%2F', '?', '#', '&', '=', '+', ' ', '\t', '\n', '\r'],
  ...['\u0000', '\u007f', 'é', '😀', '\ud800', '@', ':', ';', '[', ']', '{', '}', '|', '^', '`', '"'],
  ...["'", '<', '>', '!', '*', '(', ')', '~', '$', ',', 'a', 'Z', '0', '-', '_', '..%2f', '%252e'],
];

function hostileValues(count: number, seed = 11): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const values = [...PIECES, '../..', '..\\..', '/..', '../', '.%2e', '%2e%2e', './.'];
  while (values.length < count) {
    const length = 1 + Math.floor(next() * 5);
    values.push(Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]).join(''));
  }
  return values;
}

describe('renderUrl: a value in a path position stays one segment', () => {
  const template = 'https://x.test/tenants/{call_id}/conv?c={call_id}';

  /** Empty when the value kept the URL's structure, or was refused for a dot segment; else what went wrong. */
  function problem(value: string): string {
    let url: string;
    try {
      url = renderUrl(template, { call_id: value });
    } catch (error) {
      // The only refusal: a value that makes a dot segment, which no encoding survives.
      const dots = error instanceof UrlValueError && /^(\.|%2e){1,2}$/i.test(value);
      return dots ? '' : `threw ${String(error)}`;
    }
    const parsed = new URL(url);
    const segments = parsed.pathname.split('/');
    const sent = value.replace(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      '\ufffd',
    );
    const kept =
      parsed.host === 'x.test' &&
      segments.length === 4 &&
      segments[1] === 'tenants' &&
      segments[3] === 'conv' &&
      decodeURIComponent(segments[2]) === sent &&
      parsed.searchParams.get('c') === sent;
    return kept ? '' : `rendered ${url}`;
  }

  it('keeps host, prefix and segment count, and sends the value exactly, for 2000 hostile values', () => {
    const wrong = hostileValues(2000)
      .map((value) => [value, problem(value)])
      .filter(([, p]) => p !== '');
    expect(wrong).toEqual([]);
  });
});

describe('renderUrl refusals', () => {
  it.each([
    [
      'https://x.test/tenants/{call_id}/conv',
      { call_id: '..' },
      'macro "call_id" at position 23 makes the path segment ".."',
    ],
    ['https://x.test/t/{call_id}/conv', { call_id: '.' }, 'makes the path segment "."'],
    ['https://x.test/t/.{call_id}/conv', { call_id: '.' }, 'makes the path segment ".."'],
    ['https://x.test/t/.{call_id}./conv', { call_id: '' }, 'makes the path segment ".."'],
    ['https://{custom.tenant}.client.test/pb', { 'custom.tenant': 'evil.test/' }, 'stands in the host'],
    ['https://{custom.tenant}.client.test/pb', { 'custom.tenant': 'a%2Eevil' }, 'stands in the host'],
  ])('%s with %j', (template, values, message) => {
    expect(() => renderUrl(template, values)).toThrow(UrlValueError);
    expect(() => renderUrl(template, values)).toThrow(message);
  });

  it('keeps a host label and a dotted value inside a segment', () => {
    expect(
      renderUrl('https://{custom.tenant}.client.test/v/{conversion_value}/..x', {
        'custom.tenant': 'acme-1',
        conversion_value: '125.50',
      }),
    ).toBe('https://acme-1.client.test/v/125.50/..x');
  });
});
