import type { Dict } from '../../core/element/i18n.ts';
import type { SignupErrorKey } from './signup-form.messages.ts';

/** The element's error texts in Korean, loaded when it first shows one. */
export const errorsKo: Dict<SignupErrorKey> = {
  popup_blocked: '팝업이 차단되었습니다.',
  popup_blocked_retry: "입력 확인을 준비하는 동안 창이 차단되었습니다. '팝업 다시 열기'를 한 번 더 눌러주세요.",
  invalid_prefill: 'prefill 속성이 올바른 JSON이 아닙니다. ERP 개발자에게 알려주세요.',
  smartbill_timeout: '가입 완료 확인 시간이 초과되었습니다.',
  smartbill_env_mismatch: '어댑터와 화면의 스마트빌 환경(데모/운영)이 다릅니다.',
};
