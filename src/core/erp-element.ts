import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { AdapterError } from './adapter-client.ts';
import { baseStyles } from './base-styles.ts';
import { type ErpErrorDetail, ErpErrorEvent } from './events.ts';
import { codeAliases, type CoreMessageKey, coreMessages, type Dict, format, type Lang, type Messages, resolveLang } from './i18n.ts';

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
const langListeners = new Set<ErpElement>();
let langObserver: MutationObserver | undefined;
function watchDocumentLang(el: ErpElement, on: boolean) {
  if (on) langListeners.add(el);
  else langListeners.delete(el);
  if (!langObserver && langListeners.size) {
    langObserver = new MutationObserver(() => langListeners.forEach((l) => l.requestUpdate()));
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  } else if (langObserver && !langListeners.size) {
    langObserver.disconnect();
    langObserver = undefined;
  }
}

/**
 * What every erp-widgets element shares: the `adapter` and `lang` attributes,
 * Korean/English text, a busy state (`aria-busy`, disabled controls) and an
 * error that is both shown (role=alert) and fired as `<provider>-…-error`.
 * (Lit's `static properties` rather than decorators: smaller bundles.)
 */
export abstract class ErpElement<K extends string = string> extends LitElement {
  static override styles = [baseStyles];
  static override properties: PropertyDeclarations = {
    adapter: {},
    lang: {},
    busy: { state: true },
    error: { state: true },
  };

  /** Base URL of the erp-widgets adapter, relative or absolute (e.g. `/api`). */
  declare adapter: string;
  /** `ko` (default) or `en`; falls back to the nearest `lang` and then the document's. */
  declare lang: string;
  /** True while a network call is under way. */
  declare protected busy: boolean;
  declare protected error: ErpErrorDetail | undefined;

  /** This element's own messages in both languages. */
  protected abstract readonly messages: Messages<K>;
  /** Name of the element's error event, e.g. `iamport-certify-error`. */
  protected abstract readonly errorEvent: string;

  constructor() {
    super();
    this.adapter = '';
    this.lang = '';
    this.busy = false;
  }

  protected get language(): Lang {
    return this.lang ? (this.lang.toLowerCase().startsWith('en') ? 'en' : 'ko') : resolveLang(this);
  }

  private localeLoad?: Promise<unknown>;
  /** Property changes seen while rendering waited for English text; replayed afterwards. */
  private held = new Map<PropertyKey, unknown>();

  private lookup(key: string): string | undefined {
    const en = this.language === 'en';
    const own: Dict = (en && english.get(this.messages)) || this.messages.ko;
    const core: Dict = (en && english.get(coreMessages)) || coreMessages.ko;
    return own[key] ?? core[key];
  }

  /** In English, hold rendering until the English chunk has arrived (no flash of Korean). */
  protected override shouldUpdate(changed: PropertyValues): boolean {
    if (this.language !== 'en' || (english.has(this.messages) && english.has(coreMessages))) return true;
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
    return codeAliases[code] ?? code;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchDocumentLang(this, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    watchDocumentLang(this, false);
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
   * others keep the adapter's message. The code stays the adapter's.
   */
  protected fail(err: unknown, vars?: Record<string, string | number>): ErpErrorDetail {
    const code = err instanceof AdapterError ? err.code : ((err as { code?: string })?.code ?? 'unknown_error');
    const known = this.lookup(this.messageKeyFor(code));
    const message = known ? format(known, vars) : (err as Error)?.message || this.t('unknown_error');
    this.error = { code, message };
    this.dispatchEvent(new ErpErrorEvent(this.errorEvent, this.error));
    return this.error;
  }

  protected renderError() {
    return this.error ? html`<p class="error" part="error" role="alert">${this.error.message}</p>` : nothing;
  }

  protected renderSpinner() {
    return this.busy ? html`<span class="spinner" part="spinner" aria-hidden="true"></span>` : nothing;
  }
}
