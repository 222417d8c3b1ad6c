import { deliveryIdFor } from './delivery-id';

describe('deliveryIdFor', () => {
  it('is stable for the same decision and endpoint', () => {
    expect(deliveryIdFor('d1', 'e1')).toBe(deliveryIdFor('d1', 'e1'));
  });

  it('differs across endpoints and decisions', () => {
    const ids = new Set([deliveryIdFor('d1', 'e1'), deliveryIdFor('d1', 'e2'), deliveryIdFor('d2', 'e1')]);
    expect(ids.size).toBe(3);
  });

  it('is a well-formed version 8 UUID', () => {
    expect(deliveryIdFor('d1', 'e1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
