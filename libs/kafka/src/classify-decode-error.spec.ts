import { classifyDecodeError } from './classify-decode-error';

const withStatus = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });
const named = (name: string) => Object.assign(new Error('x'), { name });

describe('classifyDecodeError', () => {
  it.each([
    ['an unknown schema id (registry 404)', withStatus(404), 'unknown_schema_id'],
    ['a registry outage (5xx)', withStatus(503), null],
    ['a network failure (the client reports 400)', withStatus(400), null],
    ['a missing magic byte', named('ConfluentSchemaRegistryArgumentError'), 'not_wire_format'],
    ['a buffer too short for a schema id', new RangeError('out of range'), 'not_wire_format'],
    ['a body Avro cannot read', new Error('truncated buffer'), 'undecodable_avro'],
    ['something thrown that is not an Error', 'boom', 'undecodable_avro'],
  ])('classifies %s', (_name, error, expected) => {
    expect(classifyDecodeError(error)).toBe(expected);
  });
});
