import type { Dict } from '../../core/element/i18n.ts';
import type { SignupErrorKey } from './signup-form.messages.ts';

/** The element's error texts in Korean, loaded when it first shows one. */
export const errorsKo: Dict<SignupErrorKey> = {
  popup_blocked: '팝업이 차단되었습니다.',
  invalid_prefill: 'prefill 속성이 올바른 JSON이 아닙니다. ERP 개발자에게 알려주세요.',
  smartbill_timeout: '가입 완료 확인 시간이 초과되었습니다.',
  smartbill_env_mismatch: '스마트빌 연결 설정이 맞지 않아 가입을 시작할 수 없습니다. 관리자에게 문의해주세요.',
};
