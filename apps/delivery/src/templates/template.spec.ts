import { renderUrl } from './render-url';
import { parseTemplate, renderTemplate } from './template';

const values = {
  call_id: 'CA 1/2?x',
  disposition: 'Qualified Lead & Co',
  conversion_value: '125.50',
  timestamp: '2026-11-30T10:15:00.000Z',
  currency: null,
  'custom.agent': 'é7',
};

describe('parseTemplate', () => {
  it('accepts the documented example', () => {
    const { problems } = parseTemplate(
      'https://client-system.com/postback?call_id={call_id}&disposition={disposition}&value={conversion_value}&timestamp={timestamp}',
    );
    expect(problems).toEqual([]);
  });

  it('names unknown macros and formatters with their position', () => {
    const template =
      'https://x.test/{call_id}?v={valu}&t={timestamp|epoch}&c={custom.agent}&d={currency|default}';
    expect(parseTemplate(template).problems).toEqual([
      { position: template.indexOf('{valu}'), problem: 'unknown macro "valu"' },
      { position: template.indexOf('{timestamp|epoch}'), problem: 'unknown formatter "epoch"' },
      {
        position: template.indexOf('{currency|default}'),
        problem: 'formatter "default" needs an argument, e.g. default:0',
      },
    ]);
  });
});

describe('renderUrl', () => {
  it('encodes path segments and query values so that no value can change the URL structure', () => {
    const url = renderUrl(
      'https://x.test/calls/{call_id}?d={disposition}&v={conversion_value}&a={custom.agent}',
      values,
    );
    expect(url).toBe('https://x.test/calls/CA%201%2F2%3Fx?d=Qualified%20Lead%20%26%20Co&v=125.50&a=%C3%A97');
    const parsed = new URL(url);
    expect(parsed.searchParams.get('d')).toBe('Qualified Lead & Co');
    expect(decodeURIComponent(parsed.pathname.split('/')[2])).toBe('CA 1/2?x');
  });

  it('applies formatters in order, and renders a missing value as empty', () => {
    expect(
      renderUrl(
        'https://x.test/?t={timestamp|unix}&c={conversion_value|cents}&cur={currency}&d={currency|default:USD|lower}',
        values,
      ),
    ).toBe('https://x.test/?t=1796033700&c=12550&cur=&d=usd');
  });

  it('refuses to render an invalid template', () => {
    expect(() => renderUrl('https://x.test/?a={nope}', values)).toThrow(/unknown macro "nope" at 18/);
  });
});

describe('renderTemplate placements', () => {
  it('escapes for JSON strings and form fields', () => {
    const { parts } = parseTemplate('{disposition}');
    expect(renderTemplate(parts, { disposition: 'say "hi"\n' }, () => 'json')).toBe('say \\"hi\\"\\n');
    expect(renderTemplate(parts, { disposition: 'a b&c' }, () => 'form')).toBe('a+b%26c');
    expect(renderTemplate(parts, { disposition: 'x\r\nInjected: 1' }, () => 'header')).toBe(
      'x\r\nInjected: 1',
    );
  });
});
