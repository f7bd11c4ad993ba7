import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { coreMessages, type Dict, format, type Lang, type Messages, onRegister, pick, registered, resolveLang } from './i18n.ts';

type AnyMessages = Messages<string, string>;
type Chunk = () => Promise<Dict>;

// Dicts loaded on demand (English, Korean error texts), keyed by their loader; null: English failed for good.
const dicts = new WeakMap<Chunk, Dict | null>();
const loading = new WeakMap<Chunk, Promise<unknown>>();
/** Loads a chunk once. A failed English chunk leaves Korean for good; failed error texts are tried again next time. */
function load(chunk: Chunk, retry = false): Promise<unknown> {
  let p = loading.get(chunk);
  if (!p) {
    p = chunk().then(
      (d) => dicts.set(chunk, d),
      () => (retry ? loading.delete(chunk) : dicts.set(chunk, null)),
    );
    loading.set(chunk, p);
  }
  return p;
}
const loaded = (chunk?: Chunk) => !chunk || dicts.has(chunk);
const dict = (chunk?: Chunk) => (chunk && dicts.get(chunk)) ?? undefined;

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
 * registers text. Korean is inline but for error texts (`load`); other languages need the English chunk (`ready`).
 */
export class LocalizeController implements ReactiveController {
  /** The Korean error texts this element waits for, while they load. */
  private pending?: Promise<unknown>;

  constructor(
    private readonly host: LocalizeHost,
    /** The element's own messages (a getter: subclasses set them after the base constructor). */
    private readonly messages: () => AnyMessages,
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
   * Undefined when the text the element needs is here; otherwise its load, which the element waits for before
   * rendering: the English chunk (the fallback) on other than Korean pages, so no flash of Korean; Korean error texts
   * that `load` asked for.
   */
  ready(): Promise<unknown> | undefined {
    const m = this.messages();
    if (this.lang === 'ko' || (loaded(m.en) && loaded(coreMessages.en))) return this.pending;
    return Promise.all([load(m.en), load(coreMessages.en), this.pending]);
  }

  /**
   * Makes sure the text for `key` is here: undefined when it is, else the load of the Korean error texts, the
   * element's and the shared ones (other languages have them in the English chunk `ready` waited for). A failed load
   * leaves the inline texts; the next failure tries again.
   */
  load(key: string): Promise<unknown> | undefined {
    const m = this.messages();
    const missing = [m.errorsKo, coreMessages.errorsKo].filter((c) => !loaded(c));
    if (this.lang !== 'ko' || !missing.length || this.text(key) !== undefined) return undefined;
    const p = (this.pending = Promise.all(missing.map((c) => load(c!, true))).finally(() => {
      if (this.pending === p) this.pending = undefined;
    }));
    return p;
  }

  /** The text for `key` in the current language, or undefined when no messages have it. */
  text(key: string): string | undefined {
    const l = this.lang;
    const m = this.messages();
    const site = registered.get(l);
    let text = pick(site, `${this.host.localName}.${key}`) ?? pick(site, key);
    if (l !== 'ko') text ??= pick(dict(m.en), key) ?? pick(dict(coreMessages.en), key);
    text ??= pick(m.ko, key) ?? pick(dict(m.errorsKo), key);
    return text ?? pick(coreMessages.ko, key) ?? pick(dict(coreMessages.errorsKo), key);
  }

  /** The text for `key` with `{name}` placeholders filled; the key itself when no messages have it. */
  t(key: string, vars?: Record<string, string | number>): string {
    return format(this.text(key) ?? key, vars);
  }
}
