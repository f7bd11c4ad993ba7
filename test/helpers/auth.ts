import { mintPageToken } from '../../src/core/server/auth/page-token.ts';

/** The HS256 secret and server key every test adapter gets unless a test configures its own `auth`. */
export const TEST_AUTH_SECRET = 'test-page-token-secret-0123456789abcdef';
export const TEST_SERVER_KEY = 'test-server-key-0123456789abcdefghijklmnop';
export const TEST_AUTH = { secret: TEST_AUTH_SECRET, serverKeys: [TEST_SERVER_KEY] };
/** A business number that passes the check digit (SPEC §4). */
export const TEST_COM = '1208147521';
export const ALL_SCOPES = 'iamport:certify smartbill:signup smartbill:invoices ecount:read ecount:write ecount:connect';

export interface TestTokenOptions {
  sub?: string;
  com?: string;
  scope?: string;
  audience?: string;
  ttlSeconds?: number;
  secret?: string;
  /** Epoch ms the token is issued at. */
  now?: number;
}

/** A page token the test adapter accepts (override any claim to get one it refuses). */
export async function mintTestToken(o: TestTokenOptions = {}): Promise<string> {
  const { token } = await mintPageToken({
    sub: o.sub ?? 'test-user',
    com: o.com ?? TEST_COM,
    scope: o.scope ?? ALL_SCOPES,
    audience: o.audience ?? 'erp-widgets',
    ttlSeconds: o.ttlSeconds,
    secret: o.secret ?? TEST_AUTH_SECRET,
    now: o.now,
  });
  return token;
}

/** `{ Authorization: 'Bearer …' }` for a fresh test token. */
export async function authHeader(o: TestTokenOptions = {}): Promise<{ Authorization: string }> {
  return { Authorization: `Bearer ${await mintTestToken(o)}` };
}

/** Headers for the server API. */
export const serverHeaders = (key = TEST_SERVER_KEY) => ({ Authorization: `Bearer ${key}` });
