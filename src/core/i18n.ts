/** The two languages every element speaks. */
export type Lang = 'ko' | 'en';
export type Dict<K extends string = string> = Record<K, string>;
/**
 * An element's text: Korean inline (the default language costs no extra
 * request), English as a lazily imported chunk so Korean pages never load it.
 */
export interface Messages<K extends string> {
  ko: Dict<K>;
  en: () => Promise<Dict<K>>;
}

/** `ko` unless the element, an ancestor or the document says English. */
export function resolveLang(el: Element): Lang {
  const own = el.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'ko';
  return own.toLowerCase().startsWith('en') ? 'en' : 'ko';
}

/** Fills `{name}` placeholders. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type CoreMessageKey =
  | 'network_error'
  | 'timeout'
  | 'invalid_response'
  | 'origin_not_allowed'
  | 'not_configured'
  | 'upstream_error'
  | 'unknown_error'
  | 'missing_adapter';

/** Messages every element shares: the adapter client's errors. */
export const coreMessages: Messages<CoreMessageKey> = {
  ko: {
    network_error: '서버에 연결할 수 없습니다. 네트워크를 확인해주세요.',
    timeout: '응답이 늦어지고 있습니다. 잠시 후 다시 시도해주세요.',
    invalid_response: '서버 응답을 이해할 수 없습니다.',
    origin_not_allowed: '이 페이지는 어댑터 호출이 허용되지 않았습니다.',
    not_configured: '어댑터에 이 서비스가 설정되지 않았습니다.',
    upstream_error: '외부 서비스 오류입니다. 잠시 후 다시 시도해주세요.',
    unknown_error: '알 수 없는 오류가 발생했습니다.',
    missing_adapter: 'adapter 속성이 필요합니다.',
  },
  en: () => import('./i18n.en.ts').then((m) => m.coreEn),
};

/** Adapter codes that share one message. */
export const codeAliases: Record<string, string> = { upstream_timeout: 'upstream_error' };
