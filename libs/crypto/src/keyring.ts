import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** One AES-256 key and the id stored beside every value sealed with it. */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/** A value that cannot be opened: names the key id and why, never the value or the key. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

const PREFIX = 'enc:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with key ids, so keys can rotate: values are sealed with the first (active) key
 * and opened with whichever configured key their id names. A sealed value is one string,
 * `enc:v1:<key id>:<nonce>:<tag>:<ciphertext>` (base64url); the context (e.g. the owning row
 * and field) is authenticated too, so a value moved to another row does not open.
 */
export class Keyring {
  private readonly byId: Map<string, Buffer>;

  constructor(readonly keys: readonly SecretKey[]) {
    if (keys.length === 0) throw new SecretKeyError('a keyring needs at least one key');
    for (const { id, key } of keys) {
      if (key.length !== 32) throw new SecretKeyError(`key "${id}" must be 32 bytes, got ${key.length}`);
    }
    this.byId = new Map(keys.map(({ id, key }) => [id, key]));
    if (this.byId.size !== keys.length) throw new SecretKeyError('key ids must be unique');
  }

  get activeId(): string {
    return this.keys[0].id;
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** The id of the key a sealed value was sealed with; null for a value that is not sealed. */
  static keyIdOf(value: string): string | null {
    return Keyring.isSealed(value) ? value.slice(PREFIX.length).split(':')[0] : null;
  }

  seal(plaintext: string, context: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0].key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [nonce, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
    return `${PREFIX}${this.activeId}:${parts.join(':')}`;
  }

  open(sealed: string, context: string): string {
    const [id, nonce, tag, ciphertext, extra] = sealed.slice(PREFIX.length).split(':');
    if (!Keyring.isSealed(sealed) || ciphertext === undefined || extra !== undefined) {
      throw new SecretKeyError(`${context}: not a sealed value (expected ${PREFIX}<key id>:…)`);
    }
    const key = this.byId.get(id);
    if (!key) {
      throw new SecretKeyError(
        `${context}: sealed with key "${id}", which is not configured (configured: ${[...this.byId.keys()].join(', ')})`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url').subarray(0, TAG_BYTES));
      const text = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      return text.toString('utf8');
    } catch {
      throw new SecretKeyError(
        `${context}: key "${id}" does not open this value (a different key under the same id, or a tampered value)`,
      );
    }
  }
}

/** The built-in development key: public, so only for development and tests. */
export function developmentKey(): SecretKey {
  return { id: 'dev', key: createHash('sha256').update('postback-development-endpoint-secret-key').digest() };
}
