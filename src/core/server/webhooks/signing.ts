import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks (standardwebhooks.com) signing: the ERP verifies with the
 * spec's libraries or ten lines of HMAC in any language. The signed content is
 * `${id}.${timestamp}.${body}` with the timestamp in whole seconds; the secret
 * is `whsec_` + base64 and the key is the decoded bytes, not the string.
 */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}

/**
 * The three headers of one delivery. Several secrets (rotation) give several
 * space-separated signatures: a receiver holding either secret accepts it.
 */
export function signedHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => signature(s, id, timestampSeconds, body)).join(' '),
  };
}
