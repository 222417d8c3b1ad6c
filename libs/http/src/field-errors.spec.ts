import { z } from 'zod';
import { ValidationFailedException, parseOrThrow, toFieldErrors } from './field-errors';

describe('field errors', () => {
  const schema = z.array(
    z.object({ call_id: z.string().min(1, 'is required'), nested: z.object({ n: z.number() }).optional() }),
  );

  it('names array items and nested fields', () => {
    const result = schema.safeParse([{ call_id: 'ok' }, { call_id: '', nested: { n: 'x' } }]);
    expect(result.success).toBe(false);
    const fields = toFieldErrors(result.error!).map((f) => f.field);
    expect(fields).toEqual(['[1].call_id', '[1].nested.n']);
  });

  it('throws a 400 listing every problem', () => {
    expect.assertions(3);
    try {
      parseOrThrow(z.object({ call_id: z.string({ error: 'is required' }) }), {});
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailedException);
      expect((error as ValidationFailedException).getStatus()).toBe(400);
      expect((error as ValidationFailedException).fields).toEqual([
        { field: 'call_id', problem: 'is required' },
      ]);
    }
  });
});
