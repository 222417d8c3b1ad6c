import fc from 'fast-check';

/** Values that look like code to some layer: each must be stored and sent on as plain text. */
export const TRICKY_TEXT = [
  "'; DROP TABLE dispositions;--",
  '{call_id}',
  '{{disposition}}',
  '${x}',
  '%00',
  '%2e%2e',
  '../',
  '..',
  '\\',
  '?a=b&c=d#e',
  '😀🇺🇳',
  '\u202eevil\u202c',
  '\u200fRTL',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  ' ',
  '',
];

/** One UTF-16 unit from anywhere: controls, NUL, lone surrogates, BOM, direction marks. */
const anyUnit = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }),
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0xd800, max: 0xdfff }),
  fc.integer({ min: 0, max: 0xffff }),
  fc.constantFrom(0x7f, 0x85, 0x2028, 0x202e, 0x200f, 0xfeff, 0xfffd),
);
const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c));

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({
    unit: fc.oneof(
      anyUnit.map((c) => String.fromCharCode(c)),
      astral,
    ),
    maxLength: 24,
  }),
  fc.constantFrom(...TRICKY_TEXT),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, 9e15, 8.64e15, 4102444800, 946684800000, 0, -0, 0.1, 2 ** 53 + 1),
);

const scalar = fc.oneof(hostileText, hostileNumber, fc.boolean(), fc.constant(null));
/** Any JSON value, sometimes deep: arrays and objects of hostile scalars. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 3000 }).map((depth) => {
      let nested: unknown = 'leaf';
      for (let i = 0; i < depth; i++) nested = i % 2 ? [nested] : { n: nested };
      return nested;
    }),
  },
);

/** A field that is often well formed, so that accepted input is exercised too. */
const usually = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: hostileValue });
/** Text any store can keep, SQL- and template-looking values among it. */
const plainText = fc.oneof(
  fc.constantFrom(...TRICKY_TEXT),
  fc.string({ unit: 'grapheme', maxLength: 24 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
);

export const callId = fc.uuid().map((id) => `prop-${id}`);
export const hostileTimestamp: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -1e16, max: 1e16 }),
  { weight: 4, arbitrary: fc.integer({ min: 946684800, max: 4102444799 }) },
  { weight: 4, arbitrary: fc.integer({ min: 946684800000, max: 4102444799000 }).map(String) },
  fc
    .date({ noInvalidDate: false })
    .map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
  fc.constantFrom('+275760-09-13T00:00:00Z', '2024-02-30T00:00:00Z', '2024-01-01T00:00:00', '1e3'),
  hostileValue,
);

const customFields = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(plainText, plainText, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, hostileText, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileText, hostileValue, { maxKeys: 4 }) },
  { weight: 1, arbitrary: hostileValue },
);

export const dispositionObject = fc.record(
  {
    call_id: usually(callId),
    disposition: usually(fc.oneof(fc.constantFrom('Sale', 'Qualified Lead', 'No Answer'), plainText)),
    value: usually(fc.oneof(fc.constantFrom('125.50', '0', '-3', '1e2', ' 7 '), hostileNumber.map(String))),
    timestamp: hostileTimestamp,
    currency: usually(fc.constantFrom('USD', 'eur', 'US', '€€€')),
    custom_fields: customFields,
  },
  { requiredKeys: ['call_id', 'disposition'] },
);

export const callEventObject = fc.record(
  {
    type: usually(fc.constantFrom('started', 'answered', 'ended', 'STARTED', 'hung_up')),
    call_id: usually(callId),
    campaign_id: usually(fc.constantFrom('spring-24', 'c-1')),
    publisher_id: usually(fc.stringMatching(/^[\w.:@-]{1,24}$/)),
    buyer_id: usually(fc.stringMatching(/^[\w.:@-]{1,24}$/)),
    click_id: usually(
      fc.oneof(fc.constantFrom(...TRICKY_TEXT), fc.string({ unit: 'grapheme', minLength: 1 })),
    ),
    caller_number: usually(fc.constantFrom('+1 (415) 555-0100', '4155550100', '0044 20 7946 0018', '12')),
    duration_seconds: usually(fc.oneof(fc.nat({ max: 604_800 }), hostileNumber, fc.nat().map(String))),
    timestamp: hostileTimestamp,
    custom_fields: customFields,
  },
  { requiredKeys: ['type', 'call_id', 'campaign_id'] },
);

/** One object, a small batch of them (all-or-nothing), or any JSON value at all. */
export const oneOrBatch = (item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: item },
    { weight: 2, arbitrary: fc.array(item, { maxLength: 3 }) },
    { weight: 1, arbitrary: hostileValue },
  );

/** JSON text of a value, sometimes with raw bytes spliced in (invalid UTF-8, NaN, a cut). */
export const rawJson = (value: fc.Arbitrary<unknown>): fc.Arbitrary<Buffer> =>
  fc
    .tuple(
      value,
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        fc.tuple(fc.nat(), fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 4 }), fc.constant('NaN'))),
      ),
    )
    .map(([json, splice]) => {
      const text = Buffer.from(JSON.stringify(json) ?? 'null');
      if (!splice) return text;
      const at = splice[0] % (text.length + 1);
      return Buffer.concat([text.subarray(0, at), Buffer.from(splice[1]), text.subarray(at)]);
    });

/** One query or form part, as bytes: percent-encoded text, raw bytes, or broken escapes. */
const encodedPart = fc.oneof(
  hostileText.map((text) => Buffer.from(percentEncode(Buffer.from(text, 'utf16le')), 'latin1')),
  hostileText.map((text) => Buffer.from(percentEncode(Buffer.from(text)))),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(percentEncode(Buffer.from(bytes)))),
  fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from([...bytes].filter(safeRawByte))),
  fc.constantFrom('%', '%G1', '%E0%A4', '%ED%A0%80', '%C0%AF', '%00', '+', '%2B', '%25').map(Buffer.from),
);

/** Query or form text: name=value pairs, often with a call id and a label, otherwise anything. */
export const rawPairs: fc.Arbitrary<Buffer> = fc
  .tuple(fc.boolean(), fc.boolean(), fc.array(fc.tuple(encodedPart, encodedPart), { maxLength: 6 }), callId)
  .map(([withCall, withLabel, pairs, id]) => {
    const parts: Buffer[] = [];
    if (withCall) parts.push(Buffer.from(`call_id=${id}`));
    if (withLabel) parts.push(Buffer.from('disposition=Sale'));
    for (const [name, value] of pairs) parts.push(Buffer.concat([name, Buffer.from('='), value]));
    return Buffer.concat(parts.flatMap((part, i) => (i ? [Buffer.from('&'), part] : [part])));
  });

/** Every byte as %XX except unreserved ASCII (so the text survives as sent, whatever it holds). */
function percentEncode(bytes: Buffer): string {
  return [...bytes]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');
}

/** Bytes that may stand raw in a request target: no controls, space, DEL or separators of ours. */
function safeRawByte(b: number): boolean {
  return b > 0x20 && b !== 0x7f && b !== 0x23 && b !== 0x26 && b !== 0x3d;
}
