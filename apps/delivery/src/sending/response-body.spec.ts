import { GIF_PIXEL } from '@postback/testing';
import { renderResponseBody } from './response-body';

describe('renderResponseBody', () => {
  it('keeps UTF-8 text as it is, without a raw copy', () => {
    const body = renderResponseBody(Buffer.from('ok=1 é ✓\n'), 'text/plain', false);
    expect(body).toEqual({
      text: 'ok=1 é ✓\n',
      raw: null,
      binary: false,
      truncated: false,
      size: Buffer.byteLength('ok=1 é ✓\n'),
      contentType: 'text/plain',
    });
  });

  it('renders a GIF pixel as text without NUL and keeps its exact bytes', () => {
    const body = renderResponseBody(GIF_PIXEL, 'image/gif', false);
    expect(body.binary).toBe(true);
    expect(body.text.startsWith('GIF89a')).toBe(true);
    expect(body.text.includes('\u0000')).toBe(false);
    expect(body.raw?.equals(GIF_PIXEL)).toBe(true);
    expect(body.size).toBe(GIF_PIXEL.length);
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x6f, 0x6b, 0xff, 0xfe, 0x21])],
    ['a lone surrogate encoded as CESU', Buffer.from([0xed, 0xa0, 0x80])],
    ['a control character', Buffer.from('a\u0001b')],
    ['a NUL', Buffer.from('a\u0000b')],
  ])('treats %s as binary, with a text PostgreSQL accepts', (_case, bytes) => {
    const body = renderResponseBody(bytes, null, false);
    expect(body.binary).toBe(true);
    expect(body.text.includes('\u0000')).toBe(false);
    expect(body.text).not.toMatch(/[\uD800-\uDFFF]/);
    expect(body.raw?.equals(bytes)).toBe(true);
  });

  it('does not call a text binary because the cap cut a character in two', () => {
    const bytes = Buffer.from('abc✓').subarray(0, 5);
    expect(renderResponseBody(bytes, 'text/plain', true)).toMatchObject({
      text: 'abc',
      binary: false,
      truncated: true,
      size: 5,
    });
  });

  it('renders an empty body as empty text', () => {
    expect(renderResponseBody(Buffer.alloc(0), null, false)).toMatchObject({ text: '', raw: null, size: 0 });
  });
});
