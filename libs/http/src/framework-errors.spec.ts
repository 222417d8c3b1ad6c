import { parserErrorAnswer } from './framework-errors';

describe('parserErrorAnswer', () => {
  it('names the URL when a raw byte is not allowed in it', () => {
    expect(parserErrorAnswer('HPE_INVALID_URL')).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        message: '(url): has a byte that may not stand raw in a URL (percent-encode it)',
        fields: [
          { field: '(url)', problem: 'has a byte that may not stand raw in a URL (percent-encode it)' },
        ],
      },
    });
  });

  it('keeps the statuses of timeouts and oversized headers, and answers no one who left', () => {
    expect(parserErrorAnswer('ERR_HTTP_REQUEST_TIMEOUT')?.status).toBe(408);
    expect(parserErrorAnswer('HPE_HEADER_OVERFLOW')?.body.fields).toEqual([
      { field: '(headers)', problem: 'are too large' },
    ]);
    expect(parserErrorAnswer('HPE_INVALID_HEADER_TOKEN')?.body.fields[0].field).toBe('(headers)');
    expect(parserErrorAnswer('HPE_UNEXPECTED_CONTENT_LENGTH')?.body.fields[0].field).toBe('(request)');
    expect(parserErrorAnswer('ECONNRESET')).toBeNull();
  });
});
