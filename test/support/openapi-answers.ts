import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Media = Record<string, { schema?: Record<string, unknown> }>;
export type DocumentedResponses = Record<string, { content?: Media }>;

const COMPONENTS = 'https://postback.test/components';

/**
 * Checks live answers against one OpenAPI 3.1 document's response schemas with a JSON Schema
 * 2020-12 validator (the dialect of OpenAPI 3.1), formats included (uuid, date-time).
 */
export class OpenApiAnswers {
  private readonly ajv = new Ajv2020({ allErrors: true });
  private readonly compiled = new Map<object, ValidateFunction>();

  constructor(components: { schemas?: Record<string, unknown> } | undefined) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS, $defs: components?.schemas ?? {} });
  }

  /**
   * What is wrong with a JSON answer of this status: null when its documented schema accepts
   * it, else the validator's complaints, or that the document gives the status no JSON schema.
   */
  problems(responses: DocumentedResponses | undefined, status: number, body: unknown): string[] | null {
    const schema = responses?.[String(status)]?.content?.['application/json']?.schema;
    if (!schema) return [`the document gives ${status} no application/json schema`];
    const validate = this.validator(schema);
    if (validate(body)) return null;
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''}`);
  }

  private validator(schema: Record<string, unknown>): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      const resolved = JSON.parse(
        JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${COMPONENTS}#/$defs/`),
      ) as Record<string, unknown>;
      validate = this.ajv.compile(resolved);
      this.compiled.set(schema, validate);
    }
    return validate;
  }
}
