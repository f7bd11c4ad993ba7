import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { coreMessages, type Dict, format, type Lang, type Messages, onRegister, pick, registered, resolveLang } from './i18n.ts';

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

// The shared Korean error texts: the dict once loaded (see `coreMessages`).
let errorsKo: Dict | undefined;
let loadingErrorsKo: Promise<unknown> | undefined;

// One observer for all elements: the demo's language switch changes <html lang>.
const connected = new Set<ReactiveControllerHost>();
let langObserver: MutationObserver | undefined;
const refreshAll = () => connected.forEach((host) => host.requestUpdate());
onRegister(refreshAll);

/** The element side of localization: its `lang` property, its tag name (for per-element site text). */
export interface LocalizeHost extends ReactiveControllerHost, Element {
  lang: string;
}

/**
 * An element's text in its language (a reactive controller, like Shoelace's LocalizeController): its `lang`, else the
 * nearest `lang` and the document's; the site's `registerMessages` text first, then the element's own and the shared
 * messages, falling back to English and then Korean. Re-renders the element when `<html lang>` changes or a site
 * registers text. Korean is inline; other languages need the English chunk first (`ready`).
 */
export class LocalizeController implements ReactiveController {
  constructor(
    private readonly host: LocalizeHost,
    /** The element's own messages (a getter: subclasses set them after the base constructor). */
    private readonly messages: () => Messages<string>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this.host);
    if (!langObserver) {
      langObserver = new MutationObserver(refreshAll);
      langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
  }

  hostDisconnected(): void {
    connected.delete(this.host);
    if (!connected.size) {
      langObserver?.disconnect();
      langObserver = undefined;
    }
  }

  get lang(): Lang {
    return resolveLang(this.host, this.host.lang);
  }

  /**
   * Undefined when the text of the current language is here; otherwise the load of the English chunk (the fallback),
   * which the element waits for before rendering: no flash of Korean.
   */
  ready(): Promise<unknown> | undefined {
    const m = this.messages();
    if (this.lang === 'ko' || (english.has(m) && english.has(coreMessages))) return loadingErrorsKo;
    return Promise.all([loadEnglish(m), loadEnglish(coreMessages), loadingErrorsKo]);
  }

  /**
   * Makes sure the text for `key` is here: undefined when it is, else the load of the shared Korean error texts (other
   * languages have them in the English chunk `ready` waited for). A failed load leaves the inline texts, and the next
   * call tries again.
   */
  load(key: string): Promise<unknown> | undefined {
    if (errorsKo || this.lang !== 'ko' || this.text(key) !== undefined) return undefined;
    return (loadingErrorsKo ??= coreMessages
      .errorsKo()
      .then(
        (d) => (errorsKo = d),
        () => undefined,
      )
      .finally(() => (loadingErrorsKo = undefined)));
  }

  /** The text for `key` in the current language, or undefined when no messages have it. */
  text(key: string): string | undefined {
    const l = this.lang;
    const m = this.messages();
    const site = registered.get(l);
    let text = pick(site, `${this.host.localName}.${key}`) ?? pick(site, key);
    if (l !== 'ko') text ??= pick(english.get(m), key) ?? pick(english.get(coreMessages), key);
    return text ?? pick(m.ko, key) ?? pick(errorsKo, key) ?? pick(coreMessages.ko, key);
  }

  /** The text for `key` with `{name}` placeholders filled; the key itself when no messages have it. */
  t(key: string, vars?: Record<string, string | number>): string {
    return format(this.text(key) ?? key, vars);
  }
}
