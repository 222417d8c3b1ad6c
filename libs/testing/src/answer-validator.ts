import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { type ZodType } from 'zod';
import { answerSchemaOf } from '@postback/api-docs';

type Media = Record<string, { schema?: Record<string, unknown> }>;
export type DocumentedResponses = Record<string, { content?: Media }>;

const COMPONENTS = 'https://postback.test/components';

const describe = (error: ErrorObject): string => {
  const extra = (error.params as { additionalProperty?: string }).additionalProperty;
  return `${error.instancePath || '(body)'} ${error.message ?? ''}${extra ? `: ${extra}` : ''}`;
};

/**
 * Checks answers against JSON Schemas with a JSON Schema 2020-12 validator (the dialect of
 * OpenAPI 3.1), formats included (uuid, date-time); `#/components/schemas/…` references
 * resolve to the given document's components.
 */
export class AnswerValidator {
  private readonly ajv = new Ajv2020({ allErrors: true });
  private readonly compiled = new Map<object, ValidateFunction>();

  constructor(components?: { schemas?: Record<string, unknown> }) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS, $defs: components?.schemas ?? {} });
  }

  /** What is wrong with a JSON answer: null when the schema accepts it, else each complaint. */
  problems(schema: Record<string, unknown>, body: unknown): string[] | null {
    const validate = this.validator(schema);
    return validate(body) ? null : (validate.errors ?? []).map(describe);
  }

  /** The same against the documented schema of the answer's status (none documented: a problem). */
  documentedProblems(
    responses: DocumentedResponses | undefined,
    status: number,
    body: unknown,
  ): string[] | null {
    const schema = responses?.[String(status)]?.content?.['application/json']?.schema;
    if (!schema) return [`the document gives ${status} no application/json schema`];
    return this.problems(schema, body);
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

/** What the document of a view would say is wrong with this value once sent as JSON (null: nothing). */
export function viewProblems(view: ZodType, value: unknown): string[] | null {
  return new AnswerValidator().problems(answerSchemaOf(view), JSON.parse(JSON.stringify(value)));
}
