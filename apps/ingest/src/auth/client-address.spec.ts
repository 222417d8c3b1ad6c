import { parseCidrList } from '@postback/cidr';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
  const proxies = parseCidrList('proxies', ['10.0.0.0/8', '::1']);

  it.each([
    [
      'no trusted proxies: the socket, whatever the header says',
      '203.0.113.5',
      '198.51.100.1',
      [],
      '203.0.113.5',
    ],
    ['an untrusted peer cannot forge the header', '203.0.113.5', '198.51.100.1', proxies, '203.0.113.5'],
    ['behind a trusted proxy: the forwarded client', '10.0.0.2', '198.51.100.1', proxies, '198.51.100.1'],
    ['skips trusted hops from the right', '10.0.0.2', '198.51.100.1, 10.0.0.9', proxies, '198.51.100.1'],
    [
      'takes the rightmost untrusted hop, not a forged leftmost one',
      '10.0.0.2',
      '1.1.1.1, 198.51.100.1',
      proxies,
      '198.51.100.1',
    ],
    ['IPv6 loopback proxy', '::1', '2001:db8::7', proxies, '2001:db8::7'],
    ['a mapped IPv4 socket is reported as IPv4', '::ffff:203.0.113.5', undefined, [], '203.0.113.5'],
    ['a trusted proxy with no header is the client', '10.0.0.2', undefined, proxies, '10.0.0.2'],
    [
      'a malformed hop stops the walk at the socket',
      '10.0.0.2',
      '198.51.100.1, garbage',
      proxies,
      '10.0.0.2',
    ],
    ['all hops trusted: the leftmost', '10.0.0.2', '10.1.1.1, 10.2.2.2', proxies, '10.1.1.1'],
  ])('%s', (_name, socket, header, trusted, expected) => {
    expect(clientAddress(socket, header, trusted)).toBe(expected);
  });

  it('joins repeated headers', () => {
    expect(clientAddress('10.0.0.2', ['198.51.100.1', '10.0.0.3'], proxies)).toBe('198.51.100.1');
  });
});
