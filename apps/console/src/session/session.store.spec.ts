import { SessionStore } from './session.store';

describe('SessionStore', () => {
  it('keeps a session until it expires, then forgets it', () => {
    let now = 1_000;
    const store = new SessionStore(60_000, () => now);
    const session = store.create('admin-token-123456');
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).not.toBe(session.id);
    expect(store.find(session.id)?.adminToken).toBe('admin-token-123456');
    now += 60_000;
    expect(store.find(session.id)).toBeUndefined();
  });

  it('finds nothing for a missing or unknown id, and nothing after sign-out', () => {
    const store = new SessionStore(60_000);
    const session = store.create('admin-token-123456');
    expect(store.find(undefined)).toBeUndefined();
    expect(store.find('not-a-session')).toBeUndefined();
    store.delete(session.id);
    expect(store.find(session.id)).toBeUndefined();
  });

  it('drops the oldest session beyond its bound', () => {
    const store = new SessionStore(60_000, Date.now, 2);
    const [first, second, third] = [store.create('t1'), store.create('t2'), store.create('t3')];
    expect(store.find(first.id)).toBeUndefined();
    expect(store.find(second.id)).toBeDefined();
    expect(store.find(third.id)).toBeDefined();
  });
});
