import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest for every provider (AES-256-GCM), with key rotation.
 *
 * A value is stored as `v2.<key id>.<base64 iv|tag|ciphertext>`: the key id
 * names the key that sealed it, so after a rotation (`encryptionKey` = new key,
 * `previousEncryptionKeys` = old ones) old rows still open and `erp-widgets-adapter
 * rekey` can find and re-seal them. `v1.<…>` is the older SmartBill format (no key
 * id, raw key), still readable. An optional context (row + column) is the GCM
 * associated data: a value copied to another row or column fails to open.
 */
export interface Crypto {
  /** True when a key is configured; the other methods throw otherwise. */
  readonly enabled: boolean;
  encrypt(plain: string, context?: string): string;
  decrypt(stored: string, context?: string): string;
  /** True when `stored` (sealed value or digest) is under an older key or format. */
  isStale(stored: string): boolean;
  /** Keyed digest under the current key (`h1.<key id>.<base64url>`), e.g. CI/DI kept for lookup. */
  hmac(value: string, purpose: string): string;
  /** The digest under every configured key, current first: look a value up across a rotation. */
  hmacCandidates(value: string, purpose: string): string[];
}

/** 32-byte key written as base64 (44 chars) or hex (64 chars); undefined when it is neither. */
export function encryptionKeyBytes(s: string): Buffer | undefined {
  const b = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : /^[A-Za-z0-9+/]{43}=$/.test(s) ? Buffer.from(s, 'base64') : undefined;
  return b?.length === 32 ? b : undefined;
}

interface Key {
  id: string;
  raw: Buffer;
  enc: Buffer;
  mac: Buffer;
}

const derive = (raw: Buffer, info: string) => Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), info, 32));

function toKey(text: string): Key {
  const raw = encryptionKeyBytes(text);
  if (!raw) throw new Error('an encryption key must be 32 bytes written as base64 (44 chars) or hex (64 chars)');
  // The id reveals nothing about the key: a hash of a derived value, 8 characters.
  const id = createHash('sha256').update(derive(raw, 'erp-widgets/key-id')).digest('base64url').slice(0, 8);
  return { id, raw, enc: derive(raw, 'erp-widgets/aes-256-gcm'), mac: derive(raw, 'erp-widgets/hmac-sha256') };
}

const missing = () => new Error('no encryption key is configured (config key "encryptionKey")');

function seal(key: Buffer, plain: string, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

function open(key: Buffer, raw: Buffer, context: string): string {
  // 12-byte IV + 16-byte tag at least; a short tag would weaken GCM's integrity check.
  if (raw.length < 28) throw new Error('sealed value is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** `key` seals; `previous` keys only open (and are tried for lookups) until the rekey command has run. */
export function createCrypto(keys: { key?: string; previous?: readonly string[] }): Crypto {
  const current = keys.key ? toKey(keys.key) : undefined;
  const all = [...(current ? [current] : []), ...(keys.previous ?? []).map(toKey)];
  const byId = new Map(all.map((k) => [k.id, k]));
  const need = () => {
    if (!current) throw missing();
    return current;
  };
  const mac = (k: Key, value: string, purpose: string) =>
    `h1.${k.id}.${createHmac('sha256', k.mac).update(purpose).update('\0').update(value).digest('base64url')}`;

  return {
    enabled: !!current,
    encrypt(plain, context = '') {
      const k = need();
      return `v2.${k.id}.${seal(k.enc, plain, context).toString('base64')}`;
    },
    decrypt(stored, context = '') {
      need();
      if (stored.startsWith('v2.')) {
        const dot = stored.indexOf('.', 3);
        const k = byId.get(stored.slice(3, dot));
        if (dot < 0 || !k) throw new Error('sealed with a key that is not configured (add it to previousEncryptionKeys)');
        return open(k.enc, Buffer.from(stored.slice(dot + 1), 'base64'), context);
      }
      if (stored.startsWith('v1.')) {
        const raw = Buffer.from(stored.slice(3), 'base64');
        for (const k of all) {
          try {
            return open(k.raw, raw, context);
          } catch {
            // try the next key
          }
        }
        throw new Error('no configured key opens this value');
      }
      throw new Error('unknown ciphertext format');
    },
    isStale(stored) {
      return !current || !(stored.startsWith(`v2.${current.id}.`) || stored.startsWith(`h1.${current.id}.`));
    },
    hmac(value, purpose) {
      return mac(need(), value, purpose);
    },
    hmacCandidates(value, purpose) {
      need();
      return all.map((k) => mac(k, value, purpose));
    },
  };
}
