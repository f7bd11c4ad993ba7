import { html, LitElement, nothing, type PropertyDeclarations } from 'lit';
import type { RequestOptions } from './adapter-client.ts';
import { AdapterController, type TokenProvider } from './adapter-controller.ts';
import { baseStyles } from './base-styles.ts';
import { BusyController } from './busy-controller.ts';
import { ErpError } from './erp-error.ts';
import { type ErpErrorDetail, ErpErrorEvent } from './events.ts';
import type { Guard } from './guards.ts';
import { codeAliases, type CoreMessageKey, format, type Lang, type Messages, pick } from './i18n.ts';
import { LocalizeController } from './localize-controller.ts';

export type { TokenProvider } from './adapter-controller.ts';

/** Custom states (`:state(busy)`, `:state(done)`) the elements expose for page CSS. */
export type ErpState = 'busy' | 'done';

/**
 * What every erp-widgets element shares, composed of reactive controllers: the
 * `adapter`, `token` and `tokenProvider` properties and their adapter calls
 * (`calls`: page token, one renewal on `token_expired`); Korean/English text
 * with site overrides (`localize`); the busy state (`aria-busy`, disabled
 * controls, `:state(busy)`). The base itself keeps what ties them to the
 * element: an error that is both shown (role=alert) and fired as
 * `<provider>-…-error`, focus delegated to the first control, rendering held
 * until the text of the page's language is here.
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

  /** `token-provider` is watched only to explain it: frameworks that bind by attribute (Vue's `:token-provider`) pass the function's text. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'token-provider'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name !== 'token-provider') return super.attributeChangedCallback(name, old, value);
    if (value !== null && !this.warnedTokenProviderAttribute) {
      this.warnedTokenProviderAttribute = true;
      console.warn(
        `<${this.localName}>: the token-provider attribute is ignored. tokenProvider is a function: set the property ` +
          `(el.tokenProvider = fn; Vue: .tokenProvider="fn" or :tokenProvider.prop="fn"; React 19: tokenProvider={fn}).`,
      );
    }
  }
  private warnedTokenProviderAttribute = false;

  /** This element's own messages in both languages (its keys `K`, some of them error texts). */
  protected abstract readonly messages: Messages<string, string>;
  /** Name of the element's error event, e.g. `iamport-certify-error`. */
  protected abstract readonly errorEvent: string;

  private internals?: ElementInternals;
  /** The page token and the adapter calls. */
  protected readonly calls = new AdapterController(this);
  protected readonly localize = new LocalizeController(this, () => this.messages);
  private readonly busyState = new BusyController(this, (on) => this.setState('busy', on));
  /** True while the shown `error` is a neutral notice (see `notice`). */
  private neutral = false;

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
    return this.busyState.value;
  }
  protected set busy(on: boolean) {
    this.busyState.value = on;
  }

  /** Runs a network wait with the busy state on. */
  protected whileBusy<T>(work: () => Promise<T>): Promise<T> {
    return this.busyState.while(work);
  }

  /** One JSON call to the adapter (see `AdapterController`). */
  protected request<T>(path: string, check: Guard<T>, options?: RequestOptions): Promise<T> {
    return this.calls.request(path, check, options);
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
    return this.localize.lang;
  }

  /** This element's message, or a shared one, in the current language. */
  protected t(key: K | CoreMessageKey, vars?: Record<string, string | number>): string {
    return this.localize.t(key, vars);
  }

  /**
   * Other than in Korean, an update waits for the English chunk (the fallback): no flash of Korean. Waiting here, not
   * skipping the update, keeps its changed properties for `willUpdate`/`updated`, and `updateComplete` includes it.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const text = this.localize.ready();
    return text ? text.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** Which message shows an error code; elements map their provider's codes here. */
  protected messageKeyFor(code: string): string {
    return pick(codeAliases, code) ?? code;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('pageshow', this.onPageShow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pageshow', this.onPageShow);
  }

  private onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) this.pageRestored();
  };

  /**
   * The page came back from the back/forward cache (Back after a redirect flow, an in-app browser resuming): nothing
   * the element was waiting for will answer. The busy state ends by itself; elements reset their phase here.
   */
  protected pageRestored(): void {}

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
   * Shows an error and fires the error event. Known codes get translated text;
   * others keep the adapter's message. The code stays the adapter's. The text
   * may have to load first (the shared error texts): the update waits for it.
   * An ErpError's `hint` and `data` go to the event's detail (and the hint to
   * the console) for the developer.
   */
  protected fail(err: unknown, vars?: Record<string, string | number>, neutral = false): void {
    const code = err instanceof ErpError ? err.code : 'unknown_error';
    const key = this.messageKeyFor(code); // now: the element's state at the failure decides
    const { hint, data } = err instanceof ErpError ? err : {};
    // The person reads `message`; the page's developer gets what to fix in the console and the event.
    if (hint) console.warn(`<${this.localName}> ${code}: ${hint}`);
    const show = () => {
      const known = this.localize.text(key);
      const message = known ? format(known, vars) : (err as Error)?.message || this.t('unknown_error');
      this.error = { ...data, code, message, ...(hint ? { hint } : {}) };
      this.neutral = neutral;
      this.dispatchEvent(new ErpErrorEvent(this.errorEvent, this.error));
    };
    const loading = this.localize.load(key);
    if (!loading) return show();
    void loading.then(show);
    this.requestUpdate();
  }

  /**
   * A neutral outcome (the person cancelled): the `…-error` event still tells the page, but the element shows it as
   * plain status text (part=notice), not as an alert.
   */
  protected notice(code: string, vars?: Record<string, string | number>): void {
    this.fail(new ErpError(code), vars, true);
  }

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
