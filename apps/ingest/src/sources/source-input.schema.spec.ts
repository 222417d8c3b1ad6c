import { sourceInputSchema, sourcePatchSchema } from './source-input.schema';

describe('a source body', () => {
  it('refuses a disposition map PostgreSQL cannot keep (jsonb), naming the label or the disposition', () => {
    // Found by the hostile property spec: a lone surrogate answered 500 from the jsonb insert.
    const loneValue = sourcePatchSchema.safeParse({ disposition_map: { Sale: '\ud800' } });
    expect(loneValue.error?.issues[0]).toMatchObject({
      path: ['disposition_map', 'Sale'],
      message: 'dispositions may not contain a NUL or an unpaired surrogate',
    });
    const nulLabel = sourceInputSchema.safeParse({ name: 'n', disposition_map: { 'a\u0000b': 'Sale' } });
    expect(nulLabel.error?.issues[0].message).toBe('labels may not contain a NUL or an unpaired surrogate');
    expect(sourceInputSchema.safeParse({ name: 'n', disposition_map: { 'Venta 😀': 'Sale' } }).success).toBe(
      true,
    );
  });
});
