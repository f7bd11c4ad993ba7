import type { CoreMessageKey, Dict } from './i18n.ts';

type Key = Exclude<CoreMessageKey, 'network_error' | 'unknown_error'>;

/** The shared error texts in Korean, loaded when an element first shows one; the other two are inline (`coreMessages`). */
export const errorsKo: Dict<Key> = {
  adapter_not_found: '연결할 서비스를 찾지 못했습니다. 관리자에게 문의해주세요.',
  timeout: '응답이 늦어지고 있습니다. 잠시 후 다시 시도해주세요.',
  invalid_response: '서버 응답을 이해할 수 없습니다.',
  origin_not_allowed: '어댑터가 이 페이지의 주소(origin)를 허용하지 않았습니다. 관리자에게 문의해주세요.',
  not_configured: '어댑터에 이 서비스가 설정되지 않았습니다.',
  upstream_error: '외부 서비스 오류입니다. 잠시 후 다시 시도해주세요.',
  missing_adapter: 'adapter 속성이 필요합니다.',
  token_missing: '인증 토큰이 없습니다. 다시 로그인해주세요.',
  token_invalid: '인증 토큰이 올바르지 않습니다. 다시 로그인해주세요.',
  token_expired: '인증이 만료되었습니다. 페이지를 새로고침해주세요.',
  token_unavailable: '인증 토큰을 받지 못했습니다. 다시 로그인해주세요.',
  scope_missing: '이 기능을 사용할 권한이 없습니다.',
  tenant_mismatch: '다른 회사의 정보에는 접근할 수 없습니다.',
  rate_limited: '요청이 너무 많습니다. 잠시 후 다시 시도해주세요.',
};
