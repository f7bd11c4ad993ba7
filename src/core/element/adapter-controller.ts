import { adapterFetch, adapterRequest, type RequestOptions } from './adapter-client.ts';
import { ErpError } from './erp-error.ts';
import type { Guard } from './guards.ts';

/** What a page gives `tokenProvider`: an async function returning a fresh page token. */
export type TokenProvider = () => Promise<string> | string;

/** The element's side of its adapter calls: its `adapter`, `token` and `tokenProvider` properties. */
export interface AdapterHost {
  adapter: string;
  token: string;
  tokenProvider: TokenProvider | undefined;
}

/**
 * Resolves once the document's parser-inserted scripts (classic, deferred and module) have run: at DOMContentLoaded.
 * Not `readyState`: it is already "interactive" while deferred and module scripts still wait their turn.
 */
const documentScriptsRan = (): Promise<void> | undefined => {
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  const ran = document.readyState === 'complete' || (nav ? nav.domContentLoadedEventStart > 0 : document.readyState !== 'loading');
  return ran ? undefined : new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
};

/**
 * The page token and every adapter call of one element: `missing_adapter` without an `adapter`, the page token as
 * `Authorization: Bearer`, and on `token_expired` one new token from `tokenProvider` and one retry. Failures are
 * ErpErrors (see `adapterFetch`). A controller bound to its host like `@lit/task`'s Task, with no lifecycle hook:
 * a call under way when the element leaves the page still ends (a verification must not be lost to a DOM move).
 */
export class AdapterController {
  /** The provider's last token, and the `token` property it replaced (a newer `token` wins again). */
  private provided?: Promise<string>;
  private providedOver?: string;

  constructor(private readonly host: AdapterHost) {}

  /** A JSON call; the answer must pass `check`. */
  request<T>(path: string, check: Guard<T>, options?: RequestOptions): Promise<T> {
    return this.withToken((token) => adapterRequest(this.host.adapter, path, check, { ...options, token }));
  }

  /** A call whose answer the caller reads itself (a stream, XML): the 2xx `Response`. */
  fetch(path: string, options?: RequestOptions): Promise<Response> {
    return this.withToken((token) => adapterFetch(this.host.adapter, path, { ...options, token }));
  }

  private async withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    if (!this.host.adapter) throw new ErpError('missing_adapter');
    const token = await this.token();
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof ErpError && err.code === 'token_expired' && this.host.tokenProvider)) throw err;
      return call(await this.token(token));
    }
  }

  /** The token to send; `expired` (the token the adapter refused) asks the provider for a new one. */
  token(expired?: string): Promise<string> | string {
    const { token, tokenProvider: provider } = this.host;
    // The page sets `token`/`tokenProvider` in its own scripts, which may run after this element upgraded, even
    // several tasks later (module scripts load one after another): until the document's scripts ran, wait for them.
    const pending = !token && !provider && documentScriptsRan();
    if (pending) return pending.then(() => this.token(expired));
    if (!provider) return token;
    const current = this.provided && this.providedOver === token ? this.provided : undefined;
    if (expired === undefined && (current || token)) return current ?? token;
    if (expired !== undefined && current) {
      // Several calls may learn of the expiry at once: the first asks, the others reuse its answer.
      return current.then((t) => (t === expired ? this.ask(provider) : t));
    }
    return this.ask(provider);
  }

  private ask(provider: TokenProvider): Promise<string> {
    this.providedOver = this.host.token;
    const p = (this.provided = Promise.resolve()
      .then(provider)
      .then(
        (t) => {
          if (typeof t !== 'string' || !t) throw new ErpError('token_unavailable', 'tokenProvider gave no token');
          return t;
        },
        (cause) => {
          throw new ErpError('token_unavailable', 'tokenProvider failed', undefined, { cause });
        },
      ));
    p.catch(() => {
      if (this.provided === p) this.provided = undefined; // the next call asks again
    });
    return p;
  }
}
