import type { Dict } from '../../core/element/i18n.ts';
import type { ConnectErrorKey } from './connect-element.messages.ts';

/** The element's error texts in Korean, loaded when it first shows one. */
export const errorsKo: Dict<ConnectErrorKey> = {
  ecount_rate_limited: '이카운트 호출 한도에 도달했습니다. 잠시 후 다시 시도해주세요.',
  ecount_login_blocked: '로그인 실패가 반복되어 이카운트 로그인을 멈췄습니다. 운영자가 초기화해야 합니다.',
};
