import { AttemptClaims } from './attempt-claims';

describe('AttemptClaims', () => {
  it('lets one attempt of a delivery hold it at a time', () => {
    const claims = new AttemptClaims();
    const first = claims.claim('d1', 0);
    expect(first).not.toBeNull();
    expect(claims.claim('d1', 0)).toBeNull();
    expect(claims.claim('d2', 0)).not.toBeNull();
    expect(claims.holds('d1')).toBe(true);
    claims.release(first!);
    expect(claims.holds('d1')).toBe(false);
    expect(claims.claim('d1', 0)).not.toBeNull();
  });

  it('never ends a newer claim with an older one released late', () => {
    const claims = new AttemptClaims();
    const old = claims.claim('d1', 0)!;
    claims.release(old);
    const newer = claims.claim('d1', 0)!;
    claims.release(old);
    expect(claims.holds('d1')).toBe(true);
    claims.release(newer);
    expect(claims.holds('d1')).toBe(false);
  });

  it('refuses a claim at a count already recorded past, and takes one at the count recorded', () => {
    const claims = new AttemptClaims();
    claims.recordedAt('d1', 2);
    expect(claims.claim('d1', 0)).toBeNull();
    expect(claims.claim('d1', 1)).toBeNull();
    expect(claims.claim('d1', 2)).not.toBeNull();
  });

  it('forgets the oldest recorded counts past its bound, never the newest', () => {
    const claims = new AttemptClaims();
    for (let i = 0; i <= 100_000; i++) claims.recordedAt(`d${i}`, 1);
    expect(claims.claim('d0', 0)).not.toBeNull();
    expect(claims.claim('d100000', 0)).toBeNull();
    expect(claims.claim('d1', 0)).toBeNull();
  });
});
