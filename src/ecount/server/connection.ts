import { randomUUID } from 'node:crypto';
import { ApiError } from '../../core/server/errors.ts';
import { singleFlight } from '../../core/server/lease.ts';
import type { AdapterContext } from '../../core/server/provider.ts';
import type { ApiClass, EcountApi, EcountConfig, LimitClass } from './config-schema.ts';
import { ADAPTER_ERRORS, type EcountErrorInfo, loginError, zoneError } from './error-codes.ts';
import { ruleFor } from './limits.ts';
import { type EcountState, EcountStateStore, type Sealed } from './state-store.ts';
import { type EcountEnvelope, ecountPost, readLogin, readZone, sessionGone, zonedHost, zoneHost } from './upstream.ts';

/** One Ecount company the adapter logs in as. */
export interface EcountCompany {
  comCode: string;
  userId: string;
  apiCertKey: string;
  lanType: string;
}

interface Session {
  sessionId: string;
  zone: string;
  domain: string;
  ref: string;
}

export interface ApiAnswer {
  status: number;
  /** Ecount's body, byte for byte. */
  text: string;
}

const rateLimited = (retryAfterSeconds: number, detail: string) => {
  const err = new ApiError(
    429,
    ADAPTER_ERRORS.rate_limited.code,
    `Ecount call limit reached (${detail}); retry after ${retryAfterSeconds} s`,
  );
  (err as ApiError & { retryAfter?: number }).retryAfter = retryAfterSeconds;
  return err;
};
export const retryAfterOf = (err: unknown) => (err as { retryAfter?: number }).retryAfter;

/**
 * One company's Ecount connection, shared through the store by every request
 * and instance: Zone → Login → SESSION_ID once, single-flight across instances
 * (a lease), reused until Ecount says it is gone, then exactly one re-login.
 * Every Ecount call first takes a token from its class's bucket and the daily
 * one, so our limits refuse before Ecount would; a 412/302 from Ecount pauses
 * the company (back-off). Failed zone/login calls are counted: at
 * `maxLoginFailures` (or at once for codes where no retry helps) logins stop
 * until an operator resets.
 */
/** What a connection uses of the adapter. */
export type EcountContext = Pick<AdapterContext, 'store' | 'rateLimiter' | 'crypto' | 'events' | 'fetch' | 'now' | 'logger'> & {
  /** Each login tried (zone and login calls): `ok`, or the error code it failed with (metrics). */
  onLogin?: (outcome: string) => void;
};

export class EcountConnection {
  readonly key: string;
  private readonly states: EcountStateStore;

  constructor(
    readonly config: EcountConfig,
    readonly company: EcountCompany,
    private readonly ctx: EcountContext,
  ) {
    this.key = `${config.environment}:${company.comCode}`;
    this.states = new EcountStateStore(ctx.store, ctx.crypto);
  }

  state(): Promise<EcountState> {
    return this.states.read(this.key);
  }

  reset(): Promise<number> {
    return this.states.reset(this.key, this.ctx.now());
  }

  /** Remaining tokens of a bucket, without spending one. */
  async remaining(cls: LimitClass | 'daily', path?: string): Promise<number> {
    return (await this.ctx.rateLimiter.take(this.bucket(cls, path), ruleFor(this.config, cls), 0)).remaining;
  }

  private bucket(cls: LimitClass | 'daily', path?: string) {
    return `ecount:${this.key}:${cls}${path ? `:${path}` : ''}`;
  }

  /** Spends one token of the class (per API path) and of the day; refuses with 429 before Ecount is called. */
  private async spend(cls: LimitClass, path?: string) {
    const state = await this.states.read(this.key);
    const t = this.ctx.now();
    if (state.backoffUntil && state.backoffUntil > t) {
      throw rateLimited(Math.ceil((state.backoffUntil - t) / 1000), 'Ecount refused calls recently; pausing');
    }
    const own = await this.ctx.rateLimiter.take(this.bucket(cls, path), ruleFor(this.config, cls));
    if (!own.ok) throw rateLimited(own.retryAfterSeconds, `${cls}${path ? ` ${path}` : ''}`);
    await this.spendDaily();
  }

  private async spendDaily() {
    const daily = await this.ctx.rateLimiter.take(this.bucket('daily'), ruleFor(this.config, 'daily'));
    if (!daily.ok) throw rateLimited(daily.retryAfterSeconds, 'daily 5,000');
  }

  /** Ecount answered 412 or 3xx: it enforced a limit; pause this company and tell the page to wait. */
  private async backOff(status: number): Promise<never> {
    const seconds = this.config.backoffSeconds;
    const t = this.ctx.now();
    await this.states.noteError(this.key, { code: ADAPTER_ERRORS.rate_limited.code, at: t }, t + seconds * 1000, t);
    this.ctx.logger.warn('ecount enforced a limit', { company: this.company.comCode, status, backoffSeconds: seconds });
    throw rateLimited(seconds, `Ecount answered HTTP ${status}`);
  }

  private blocked(): ApiError {
    return new ApiError(
      503,
      ADAPTER_ERRORS.login_blocked.code,
      'Ecount logins are stopped after failures; an operator must reset (POST /server/ecount/reset)',
    );
  }

  /** The live session, logging in if there is none (or only `staleRef`, which Ecount refused). */
  async session(staleRef?: string): Promise<Session> {
    const usable = (s: EcountState): Session | undefined =>
      s.secret?.sessionId && s.sessionRef && s.sessionRef !== staleRef
        ? { sessionId: s.secret.sessionId, zone: s.secret.zone, domain: s.secret.domain, ref: s.sessionRef }
        : undefined;
    let s = await this.states.read(this.key);
    const ready = usable(s);
    if (ready) return ready;
    if (s.blockedAt) throw this.blocked();
    await singleFlight(this.ctx.store, `ecount:login:${this.key}`, { ttlMs: this.config.timeoutMs * 2 + 5_000 }, async () => {
      // Double-check under the lease: another instance may have just logged in, or been blocked.
      const fresh = await this.states.read(this.key);
      if (usable(fresh)) return 'ready';
      if (fresh.blockedAt) throw this.blocked();
      try {
        await this.login(fresh);
      } catch (err) {
        this.ctx.onLogin?.(err instanceof ApiError ? err.code : 'error');
        throw err;
      }
      this.ctx.onLogin?.('ok');
      return 'ready';
    });
    s = await this.states.read(this.key);
    const after = usable(s);
    if (!after) throw new ApiError(502, ADAPTER_ERRORS.session_failed.code, 'no Ecount session after login');
    return after;
  }

  private async login(state: EcountState): Promise<void> {
    const env = this.config.environment;
    let zone = state.secret?.zone;
    let domain = state.secret?.domain ?? '';
    let expireDate = state.expireDate;
    if (!zone) {
      await this.spend('zone');
      const ans = await ecountPost(
        this.ctx.fetch,
        `${zoneHost(env)}/OAPI/V2/Zone`,
        { COM_CODE: this.company.comCode },
        this.config.timeoutMs,
      );
      if (ans.kind === 'rate_limited') return this.backOff(ans.status);
      if (ans.kind === 'not_found') throw new ApiError(502, 'upstream_error', 'Ecount answered 404 for the Zone API');
      const z = !ans.body.Error ? readZone(ans.body) : undefined;
      if (!z) return this.fail(ans.body.Error ? zoneError(ans.body.Error.Code) : ADAPTER_ERRORS.zone_failed, ans.body);
      zonedHost(env, z.zone, z.domain); // refuse an odd zone/domain before keeping it
      ({ zone, domain, expireDate } = z);
      await this.states.saveZone(this.key, zone, domain, expireDate, this.ctx.now());
    }
    await this.spend('login');
    const ans = await ecountPost(
      this.ctx.fetch,
      `${zonedHost(env, zone, domain)}/OAPI/V2/OAPILogin`,
      {
        COM_CODE: this.company.comCode,
        USER_ID: this.company.userId,
        API_CERT_KEY: this.company.apiCertKey,
        LAN_TYPE: this.company.lanType,
        ZONE: zone,
      },
      this.config.timeoutMs,
    );
    if (ans.kind === 'rate_limited') return this.backOff(ans.status);
    if (ans.kind === 'not_found') throw new ApiError(502, 'upstream_error', 'Ecount answered 404 for the Login API');
    // A login failure is Status 200 with an Error: judge by Error, not the status.
    const l = !ans.body.Error ? readLogin(ans.body) : undefined;
    if (!l) return this.fail(ans.body.Error ? loginError(ans.body.Error.Code) : ADAPTER_ERRORS.login_failed, ans.body);
    const sealed: Required<Sealed> = { sessionId: l.sessionId, zone, domain };
    await this.states.saveSession(
      this.key,
      sealed,
      randomUUID(),
      { expireDate: l.expireDate || expireDate, notice: l.notice },
      this.ctx.now(),
    );
    this.ctx.logger.info('ecount login', { company: this.company.comCode, zone });
  }

  private async fail(info: EcountErrorInfo, body: EcountEnvelope): Promise<never> {
    const t = this.ctx.now();
    const ecountCode = body.Error?.Code !== undefined && body.Error?.Code !== null ? Number(body.Error.Code) : undefined;
    const max = this.config.maxLoginFailures;
    const data = { company: this.company.comCode, environment: this.config.environment, code: info.code, ecountCode: ecountCode ?? null };
    const { failures, blocked } = await this.states.recordFailure(
      this.key,
      { code: info.code, ecountCode, at: t },
      (n) => info.stop || n >= max,
      t,
      async (tx, n, newlyBlocked) => {
        await this.ctx.events.enqueue(tx, 'ecount.session.failed', { ...data, failures: n });
        if (newlyBlocked) await this.ctx.events.enqueue(tx, 'ecount.login.blocked', { ...data, failures: n });
      },
    );
    this.ctx.logger.warn('ecount login failed', { company: this.company.comCode, code: info.code, ecountCode, failures, blocked });
    throw new ApiError(502, info.code, `${info.en}${blocked ? ' Logins are now stopped until an operator resets.' : ''}`);
  }

  /**
   * One allow-listed business call with the session injected as `?SESSION_ID=`.
   * When Ecount says the session is gone: exactly one re-login (shared by every
   * caller that saw the same session refused), then the call once more.
   */
  async call(path: string, api: EcountApi, body: unknown): Promise<ApiAnswer> {
    await this.spend(api.class as ApiClass, path);
    let session = await this.session();
    let ans = await this.post(path, session, body);
    if (ans.kind === 'json' && sessionGone(ans.body)) {
      await this.states.dropSession(this.key, session.ref, session.zone, session.domain, this.ctx.now());
      session = await this.session(session.ref);
      // The retry spends from the day's bucket only: we assume a call Ecount refused for a dead session did not
      // count against the API's own limit (else a list query would wait 10 minutes after every re-login).
      // If it did count, Ecount's 412/302 below still ends in a back-off.
      await this.spendDaily();
      ans = await this.post(path, session, body);
      if (ans.kind === 'json' && sessionGone(ans.body)) {
        throw new ApiError(502, ADAPTER_ERRORS.session_failed.code, 'Ecount refused a fresh session');
      }
    }
    if (ans.kind === 'rate_limited') return this.backOff(ans.status);
    if (ans.kind === 'not_found') throw new ApiError(502, 'ecount_api_not_found', `Ecount has no API ${path} (HTTP 404)`);
    return { status: ans.status, text: ans.text };
  }

  private post(path: string, session: Session, body: unknown) {
    const url = `${zonedHost(this.config.environment, session.zone, session.domain)}/OAPI/V2/${path}?SESSION_ID=${encodeURIComponent(session.sessionId)}`;
    return ecountPost(this.ctx.fetch, url, body, this.config.timeoutMs);
  }
}
