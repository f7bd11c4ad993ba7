import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { adapterRequest, type RequestOptions } from './adapter-client.ts';
import { baseStyles } from './base-styles.ts';
import { ErpError } from './erp-error.ts';
import { type ErpErrorDetail, ErpErrorEvent } from './events.ts';
import type { Guard } from './guards.ts';
import {
  codeAliases,
  type CoreMessageKey,
  coreMessages,
  type Dict,
  format,
  type Lang,
  type Messages,
  onRegister,
  pick,
  registered,
  resolveLang,
} from './i18n.ts';

/** What a page gives `tokenProvider`: an async function returning a fresh page token. */
export type TokenProvider = () => Promise<string> | string;

// English text per messages object: the dict once loaded, null if loading failed.
const english = new WeakMap<Messages<string>, Dict | null>();
const loadingEnglish = new WeakMap<Messages<string>, Promise<unknown>>();
function loadEnglish(m: Messages<string>): Promise<unknown> {
  let p = loadingEnglish.get(m);
  if (!p) {
    p = m.en().then(
      (d) => english.set(m, d),
      () => english.set(m, null), // fall back to Korean rather than show nothing
    );
    loadingEnglish.set(m, p);
  }
  return p;
}

// One observer for all elements: the demo's language switch changes <html lang>.
const connected = new Set<ErpElement>();
let langObserver: MutationObserver | undefined;
const refreshAll = () => connected.forEach((l) => l.requestUpdate());
onRegister(refreshAll);
function watchDocumentLang(el: ErpElement, on: boolean) {
  if (on) connected.add(el);
  else connected.delete(el);
  if (!langObserver && connected.size) {
    langObserver = new MutationObserver(refreshAll);
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  } else if (langObserver && !connected.size) {
    langObserver.disconnect();
    langObserver = undefined;
  }
}

/** Custom states (`:state(busy)`, `:state(done)`) the elements expose for page CSS. */
export type ErpState = 'busy' | 'done';

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
 * What every erp-widgets element shares: the `adapter`, `lang` and `token`
 * attributes and `tokenProvider`; one `request()` for adapter calls (adapter
 * check, page token, one renewal on `token_expired`); Korean/English text with
 * site overrides (`registerMessages`); a busy state (`aria-busy`, disabled
 * controls, `:state(busy)`); an error that is both shown (role=alert) and
 * fired as `<provider>-…-error`; focus delegated to the first control.
 * (Lit's `static properties` rather than decorators: smaller bundles.)
 */
export abstract class ErpElement<K extends string = string> extends LitElement {
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override styles = [baseStyles];
  static override properties: PropertyDeclarations = {
    adapter: {},
    lang: {},
    token: {},
    tokenProvider: { attribute: false },
    error: { state: true },
  };

  /** Base URL of the erp-widgets adapter, relative or absolute (e.g. `/api`). */
  declare adapter: string;
  /** `ko` (default), `en` or a language added with `registerMessages`; falls back to the nearest `lang` and then the document's. */
  declare lang: string;
  /** The page token from the ERP's server, sent as `Authorization: Bearer …` on every adapter call. */
  declare token: string;
  /**
   * Gets a page token: called before the first adapter call when `token` is empty, and once more
   * when the adapter answers `token_expired` (the call is then retried once).
   */
  declare tokenProvider: TokenProvider | undefined;
  declare protected error: ErpErrorDetail | undefined;

  /** This element's own messages in both languages. */
  protected abstract readonly messages: Messages<K>;
  /** Name of the element's error event, e.g. `iamport-certify-error`. */
  protected abstract readonly errorEvent: string;

  private internals?: ElementInternals;
  private isBusy = false;
  /** The provider's last token, and the `token` attribute it replaced (a newer attribute wins again). */
  private provided?: Promise<string>;
  private providedOver?: string;

  constructor() {
    super();
    this.adapter = this.lang = this.token = '';
    try {
      this.internals = this.attachInternals();
    } catch {
      // an older browser: no custom states, everything else works
    }
  }

  /** True while a network call is under way: `aria-busy`, disabled controls, a spinner, `:state(busy)`. */
  protected get busy(): boolean {
    return this.isBusy;
  }
  protected set busy(on: boolean) {
    if (on === this.isBusy) return;
    this.isBusy = on;
    this.setState('busy', on);
    this.requestUpdate();
  }

  /** Turns a custom state on or off (`:state(done)`; Chromium before 125 spelled it `:--done`). */
  protected setState(name: ErpState, on: boolean): void {
    const states = this.internals?.states;
    if (!states) return;
    try {
      if (on) states.add(name);
      else states.delete(name);
    } catch {
      if (on) states.add(`--${name}`);
      else states.delete(`--${name}`);
    }
  }

  protected get language(): Lang {
    return resolveLang(this, this.lang);
  }

  private localeLoad?: Promise<unknown>;
  /** Property changes seen while rendering waited for English text; replayed afterwards. */
  private held = new Map<PropertyKey, unknown>();

  private lookup(key: string): string | undefined {
    const l = this.language;
    const site = registered.get(l);
    let text = pick(site, `${this.localName}.${key}`) ?? pick(site, key);
    if (l !== 'ko') text ??= pick(english.get(this.messages), key) ?? pick(english.get(coreMessages), key);
    return text ?? pick(this.messages.ko, key) ?? pick(coreMessages.ko, key);
  }

  /** Other than in Korean, hold rendering until the English chunk (the fallback) has arrived: no flash of Korean. */
  protected override shouldUpdate(changed: PropertyValues): boolean {
    if (this.language === 'ko' || (english.has(this.messages) && english.has(coreMessages))) return true;
    // Lit forgets the changes of a skipped update: keep them so willUpdate/updated see them later.
    for (const [key, old] of changed) if (!this.held.has(key)) this.held.set(key, old);
    this.localeLoad ??= Promise.all([loadEnglish(this.messages), loadEnglish(coreMessages)]).then(() => {
      this.localeLoad = undefined;
      const held = this.held;
      this.held = new Map();
      if (!held.size) this.requestUpdate();
      for (const [key, old] of held) this.requestUpdate(key, old);
    });
    return false;
  }

  /** `updateComplete` also waits for the English text, so tests and callers see the final render. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.localeLoad) {
      await this.localeLoad;
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /** This element's message, or a shared one, in the current language. */
  protected t(key: K | CoreMessageKey, vars?: Record<string, string | number>): string {
    return format(this.lookup(key) ?? key, vars);
  }

  /** Which message shows an error code; elements map their provider's codes here. */
  protected messageKeyFor(code: string): string {
    return pick(codeAliases, code) ?? code;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchDocumentLang(this, true);
    window.addEventListener('pageshow', this.onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    watchDocumentLang(this, false);
    window.removeEventListener('pageshow', this.onPageShow);
  }

  private onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) this.pageRestored();
  };

  /**
   * The page came back from the back/forward cache (Back after a redirect flow, an in-app browser resuming): nothing
   * the element was waiting for will answer, so no spinner or busy state may stay. Elements reset their phase too.
   */
  protected pageRestored(): void {
    this.busy = false;
  }

  /**
   * Moves focus into the element (its status, result or trigger) after a render replaced what had focus, so the next
   * Tab continues here rather than at the top of the page. Never steals focus from elsewhere on the page.
   */
  protected async moveFocusTo(selector: string): Promise<void> {
    await this.updateComplete;
    const active = document.activeElement;
    if (active && active !== document.body && active !== this && !this.contains(active)) return;
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    if (!target) return;
    if (!target.matches('button, a[href], input, select, textarea, [tabindex]')) target.tabIndex = -1;
    target.focus();
  }

  /**
   * One call to the adapter: `missing_adapter` without an `adapter`, the page
   * token as `Authorization: Bearer`, and on `token_expired` one new token
   * from `tokenProvider` and one retry. Failures are ErpErrors.
   */
  protected async request<T>(path: string, check: Guard<T>, options: RequestOptions = {}): Promise<T> {
    if (!this.adapter) throw new ErpError('missing_adapter');
    const token = await this.pageToken();
    try {
      return await adapterRequest(this.adapter, path, check, { ...options, token });
    } catch (err) {
      if (!(err instanceof ErpError && err.code === 'token_expired' && this.tokenProvider)) throw err;
      return adapterRequest(this.adapter, path, check, { ...options, token: await this.pageToken(token) });
    }
  }

  /** The token to send; `expired` (the token the adapter refused) asks the provider for a new one. */
  protected pageToken(expired?: string): Promise<string> | string {
    // The page sets `token`/`tokenProvider` in its own scripts, which may run after this element upgraded, even
    // several tasks later (module scripts load one after another): until the document's scripts ran, wait for them.
    const pending = !this.token && !this.tokenProvider && documentScriptsRan();
    if (pending) return pending.then(() => this.pageToken(expired));
    const provider = this.tokenProvider;
    if (!provider) return this.token;
    const current = this.provided && this.providedOver === this.token ? this.provided : undefined;
    if (expired === undefined && (current || this.token)) return current ?? this.token;
    if (expired !== undefined && current) {
      // Several calls may learn of the expiry at once: the first asks, the others reuse its answer.
      return current.then((t) => (t === expired ? this.askProvider(provider) : t));
    }
    return this.askProvider(provider);
  }

  private askProvider(provider: TokenProvider): Promise<string> {
    this.providedOver = this.token;
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

  /** Runs a network wait with the busy state on. */
  protected async whileBusy<T>(work: () => Promise<T>): Promise<T> {
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  /**
   * Shows an error and fires the error event. Known codes get translated text;
   * others keep the adapter's message. The code stays the adapter's; an ErpError's `hint` and `data` go to the
   * event's detail (and the hint to the console) for the developer.
   */
  protected fail(err: unknown, vars?: Record<string, string | number>): ErpErrorDetail {
    const code = err instanceof ErpError ? err.code : 'unknown_error';
    const known = this.lookup(this.messageKeyFor(code));
    const message = known ? format(known, vars) : (err as Error)?.message || this.t('unknown_error');
    const { hint, data } = err instanceof ErpError ? err : {};
    // The person reads `message`; the page's developer gets what to fix in the console and the event.
    if (hint) console.warn(`<${this.localName}> ${code}: ${hint}`);
    this.error = { ...data, code, message, ...(hint ? { hint } : {}) };
    this.neutral = false;
    this.dispatchEvent(new ErpErrorEvent(this.errorEvent, this.error));
    return this.error;
  }

  /**
   * A neutral outcome (the person cancelled): the `…-error` event still tells the page, but the element shows it as
   * plain status text, not as an alert.
   */
  protected notify(code: string, vars?: Record<string, string | number>): ErpErrorDetail {
    const detail = this.fail(new ErpError(code), vars);
    this.neutral = true;
    return detail;
  }

  /** True while the shown `error` is a neutral notice (see `notify`). */
  private neutral = false;

  protected renderError() {
    if (!this.error) {
      this.neutral = false;
      return nothing;
    }
    return this.neutral
      ? html`<p class="notice" part="notice" role="status">${this.error.message}</p>`
      : html`<p class="error" part="error" role="alert">${this.error.message}</p>`;
  }

  protected renderSpinner() {
    return this.busy ? html`<span class="spinner" part="spinner" aria-hidden="true"></span>` : nothing;
  }
}
