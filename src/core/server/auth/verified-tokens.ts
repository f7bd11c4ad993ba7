import type { Principal } from './principal.ts';

/**
 * Page tokens already verified, so a page's next requests with the same token skip the signature check
 * (jose's HMAC/EdDSA through WebCrypto is most of a small route's CPU). Keyed by the whole token; an entry
 * lives until the instant verification itself would refuse the token (its `exp` plus the tolerated skew),
 * and at most `max` entries are kept (oldest dropped first). Only successes are kept: a forged token
 * never enters, so the cache cannot be filled without valid tokens. Principals are frozen: every request
 * with that token shares one.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly now: () => number,
    private readonly max = 2000,
  ) {}

  get(token: string): Principal | undefined {
    const e = this.entries.get(token);
    if (!e) return undefined;
    if (e.until > this.now()) return e.principal;
    this.entries.delete(token);
    return undefined;
  }

  /** `until`: epoch ms after which the token must be verified again. */
  set(token: string, principal: Principal, until: number): Principal {
    const frozen = Object.freeze({ ...principal, scopes: Object.freeze([...principal.scopes]) as string[] });
    if (this.entries.size >= this.max) {
      const now = this.now();
      for (const [k, e] of this.entries) if (e.until <= now) this.entries.delete(k);
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(token, { principal: frozen, until });
    return frozen;
  }
}
