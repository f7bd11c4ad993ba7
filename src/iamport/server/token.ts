import { createHash } from 'node:crypto';
import type { StoreCache } from '../../core/server/cache.ts';
import type { Crypto } from '../../core/server/crypto.ts';
import { ApiError } from '../../core/server/errors.ts';
import { singleFlight } from '../../core/server/lease.ts';
import { parseUpstream, upstreamJson } from '../../core/server/upstream.ts';
import type { IamportV1Config } from './config-schema.ts';
import { tokenResponseSchema } from './upstream-schema.ts';

/** Refresh this long before Iamport's `expired_at`, so a call never races the expiry. */
export const TOKEN_SAFETY_MARGIN_MS = 60_000;

interface CachedToken {
  token: string;
  /** Expiry on our clock (Iamport's `expired_at` corrected by its `now`). */
  expiresAt: number;
}
/** What the store holds: the token sealed with the adapter's key (it is a bearer credential for the merchant's account). */
interface StoredToken {
  sealed: string;
  expiresAt: number;
}

/**
 * Iamport access tokens: one `getToken` per token lifetime. Cached in memory
 * and in the store (so instances share it), with a single request in flight
 * over every instance sharing the store (a lease) however many verifications
 * arrive at once.
 */
export class IamportTokens {
  private memory?: CachedToken;
  private inflight?: Promise<string>;
  private readonly cacheKey: string;

  constructor(
    private readonly config: IamportV1Config,
    private readonly cache: StoreCache,
    private readonly doFetch: typeof fetch,
    private readonly now: () => number,
    private readonly crypto: Crypto,
  ) {
    // Keyed by a hash: the store need not learn the API key to find the token.
    this.cacheKey = `iamport:token:${createHash('sha256').update(config.impKey).digest('hex').slice(0, 16)}`;
  }

  get(): Promise<string> {
    if (this.memory && this.fresh(this.memory)) return Promise.resolve(this.memory.token);
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forget a token Iamport refused (401), unless a newer one already replaced it. */
  async invalidate(token: string): Promise<void> {
    if (this.memory?.token === token) this.memory = undefined;
    if ((await this.readShared())?.token === token) await this.cache.delete(this.cacheKey);
  }

  private fresh(t: CachedToken) {
    return t.expiresAt - TOKEN_SAFETY_MARGIN_MS > this.now();
  }

  private async load(): Promise<string> {
    const shared = await this.readShared();
    if (shared && this.fresh(shared)) {
      this.memory = shared;
      return shared.token;
    }
    // Instances that all miss the shared token at once would each ask Iamport: one of them asks, the others wait for it.
    const ttlMs = this.config.timeoutMs * 2 + 5_000;
    await singleFlight(this.cache.store, `${this.cacheKey}:refresh`, { ttlMs }, async () => {
      const again = await this.readShared(); // the previous holder may have just stored one
      if (!again || !this.fresh(again)) await this.fetchToken();
    });
    // Whatever the holder stored is used even inside the safety margin (a short-lived token is still a token).
    const stored = await this.readShared();
    if (!stored || stored.expiresAt <= this.now()) throw new ApiError(502, 'upstream_error', 'Iamport gave no usable access token');
    this.memory = stored;
    return stored.token;
  }

  private async fetchToken(): Promise<void> {
    const { status, body } = await upstreamJson(this.doFetch, 'Iamport', `${this.config.apiBase}/users/getToken`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ imp_key: this.config.impKey, imp_secret: this.config.impSecret }),
      timeoutMs: this.config.timeoutMs,
    });
    const parsed = parseUpstream('Iamport', tokenResponseSchema, body);
    if (status !== 200 || parsed.code !== 0 || !parsed.response) {
      throw new ApiError(502, 'iamport_credentials_rejected', 'Iamport refused the configured REST API key/secret');
    }
    const { access_token, expired_at, now } = parsed.response;
    const expiresAt = this.now() + (expired_at - now) * 1000;
    const stored: StoredToken = { sealed: this.crypto.encrypt(access_token, this.cacheKey), expiresAt };
    await this.cache.set(this.cacheKey, stored, expiresAt);
  }

  /** The shared token, or undefined when absent, unreadable (another key) or in an older plain shape. */
  private async readShared(): Promise<CachedToken | undefined> {
    const entry = await this.cache.get<Partial<StoredToken>>(this.cacheKey);
    if (!entry || typeof entry.value.sealed !== 'string') return undefined;
    try {
      return { token: this.crypto.decrypt(entry.value.sealed, this.cacheKey), expiresAt: Number(entry.value.expiresAt) };
    } catch {
      return undefined;
    }
  }
}
