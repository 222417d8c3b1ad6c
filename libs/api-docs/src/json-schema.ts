import { type ZodType, z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of what a zod schema accepts:
 * its input side, so transforms, coercions and defaults describe what a client may send.
 * Refinements that JSON Schema cannot say (a CIDR that parses, a template's macros) stay in
 * the validator; their messages still name the field.
 */
export function jsonSchemaOf(schema: ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest as JsonSchema;
}

/**
 * The JSON Schema of an answer: the wire side of its view (a Date as its ISO string, see
 * isoDate), and every object closed (`additionalProperties: false`) unless the view says
 * `.loose()`, so a field the code adds without describing it breaks the document's promise.
 */
export function answerSchemaOf(schema: ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema._zod.def.type === 'object' && jsonSchema.additionalProperties === undefined)
        jsonSchema.additionalProperties = false;
    },
  });
  return rest as JsonSchema;
}

/** An object schema's properties, each with whether it is required. */
export function propertiesOf(schema: ZodType): { name: string; schema: JsonSchema; required: boolean }[] {
  const json = jsonSchemaOf(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    schema: property,
    required: required.has(name),
  }));
}
