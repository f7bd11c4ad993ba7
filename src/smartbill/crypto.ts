import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for SmartBill's AUTH_TOKEN and AUTH_CODE at rest. A value is
 * stored as `v1.<base64 iv|tag|ciphertext>`; the associated data binds it to
 * its row and column, so a value copied to another business number or column
 * fails to decrypt instead of being used there.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plain: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64')}`;
  }

  open(sealed: string, context: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('unknown ciphertext format');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    // 12-byte IV + 16-byte tag at least; a short tag would weaken GCM's integrity check.
    if (raw.length < 28) throw new Error('sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Keyed digest (for replay detection) that reveals nothing without the key. */
  digest(value: string): string {
    return createHmac('sha256', this.key).update(value).digest('base64url');
  }
}
