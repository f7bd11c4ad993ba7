/** A language tag's primary subtag, lower case: `ko`, `en`, or any a site registered (`ja`, …). */
export type Lang = string;
export type Dict<K extends string = string> = Record<K, string>;
/**
 * An element's built-in text. Korean is inline (the default language costs no
 * extra request), except `E`, the texts of its error codes: those are a chunk
 * loaded when the element first shows one, so pages that never fail never load
 * them. English is one chunk with every key, loaded before an English page
 * renders, so Korean pages never load it.
 */
export interface Messages<K extends string, E extends K = never> {
  ko: Dict<Exclude<K, E>>;
  errorsKo?: () => Promise<Dict<E>>;
  en: () => Promise<Dict<K>>;
}

/** Text a site registered, per language: it wins over the built-in text. */
export const registered = new Map<Lang, Dict>();
const subscribers = new Set<() => void>();
/** Called after every registerMessages (elements re-render). */
export const onRegister = (fn: () => void) => subscribers.add(fn);

/**
 * Overrides or adds messages for a language, e.g.
 * `registerMessages('ko', { label: '본인인증하기' })` or a whole new language
 * `registerMessages('ja', {...})` (then `lang="ja"` uses it; missing keys fall
 * back to English, then Korean). A key applies to every element; prefix it
 * with a tag name (`'iamport-certify-button.label'`) for one element only.
 * Error codes are keys too (`network_error`, `token_expired`, …).
 */
export function registerMessages(lang: string, dict: Dict): void {
  const l = primary(lang);
  registered.set(l, { ...registered.get(l), ...dict });
  subscribers.forEach((fn) => fn());
}

const primary = (tag: string) => tag.toLowerCase().split('-')[0]!;

/** `ko` unless `tag` (or, without one, the element's ancestors and the document) names English or a registered language. */
export function resolveLang(el: Element, tag?: string): Lang {
  const l = primary(tag || el.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'ko');
  return l === 'en' || registered.has(l) ? l : 'ko';
}

/** `dict[key]` for own keys only (a page may have added keys to Object.prototype). */
export const pick = (dict: Dict | null | undefined, key: string): string | undefined =>
  dict && Object.hasOwn(dict, key) ? dict[key] : undefined;

/** Fills `{name}` placeholders. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(vars, k) ? String(vars[k]) : m));
}

export type CoreMessageKey =
  | 'network_error'
  | 'adapter_not_found'
  | 'timeout'
  | 'invalid_response'
  | 'origin_not_allowed'
  | 'not_configured'
  | 'upstream_error'
  | 'unknown_error'
  | 'missing_adapter'
  | 'token_missing'
  | 'token_invalid'
  | 'token_expired'
  | 'token_unavailable'
  | 'scope_missing'
  | 'tenant_mismatch'
  | 'rate_limited';

/**
 * Messages every element shares: the adapter client's and the page token's errors. Inline in Korean only the two that
 * must show without the network.
 */
export const coreMessages: Messages<CoreMessageKey, Exclude<CoreMessageKey, 'network_error' | 'unknown_error'>> = {
  ko: {
    network_error: '서버에 연결할 수 없습니다. 네트워크를 확인해주세요.',
    unknown_error: '알 수 없는 오류가 발생했습니다.',
  },
  errorsKo: () => import('./i18n.errors.ko.ts').then((m) => m.errorsKo),
  en: () => import('./i18n.en.ts').then((m) => m.coreEn),
};

/** Adapter codes that share one message. */
export const codeAliases: Record<string, string> = { upstream_timeout: 'upstream_error' };
