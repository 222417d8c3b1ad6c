import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';
import { Parser } from '@asyncapi/parser';
import { loadConfig } from '@postback/config';
import { asyncApiDocument } from './asyncapi.document';

/** The document as the AsyncAPI tooling reads it: the spec's JSON Schema, and the Avro payloads parsed. */
describe('the AsyncAPI document, parsed by @asyncapi/parser', () => {
  it('is valid AsyncAPI 3 with no errors or warnings', async () => {
    const config = loadConfig({});
    const parser = new Parser();
    parser.registerSchemaParser(AvroSchemaParser());
    const { document, diagnostics } = await parser.parse(
      JSON.stringify(asyncApiDocument(config, config.delivery.retrySchedule)),
    );
    expect(
      diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.path.join('.')}: ${d.message}`),
    ).toEqual([]);
    expect(document?.channels().length).toBeGreaterThan(10);
  });
});
