import { BadRequestException } from '@nestjs/common';
import { type ZodError, type ZodType, type z } from 'zod';

export interface FieldError {
  field: string;
  problem: string;
}

/** Zod issues as `{field, problem}` pairs; array items are named like `[2].call_id`. */
export function toFieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field:
      issue.path
        .map((part, index) =>
          typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`,
        )
        .join('') || '(body)',
    problem: issue.message,
  }));
}

export class ValidationFailedException extends BadRequestException {
  constructor(readonly fields: FieldError[]) {
    super({
      error: 'validation_failed',
      message: fields.map((f) => `${f.field}: ${f.problem}`).join('; '),
      fields,
    });
  }
}

/** Parses with the schema or throws a 400 that names each bad field and why. */
export function parseOrThrow<S extends ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationFailedException(toFieldErrors(result.error));
  return result.data;
}
