import type { Dict } from '../../core/element/i18n.ts';
import type { CertifyErrorKey } from './certify-button.messages.ts';

/** The element's error texts in Korean, loaded when it first shows one. */
export const errorsKo: Dict<CertifyErrorKey> = {
  missing_merchant_code: 'merchant-code 속성이 필요합니다.',
  sdk_load_failed: '인증 모듈을 불러오지 못했습니다.',
  certification_failed: '본인인증 실패: {reason}',
  certification_cancelled: '본인인증을 취소했습니다. 다시 하려면 버튼을 눌러주세요.',
  popup_blocked: '본인인증 창이 차단되었습니다. 브라우저의 팝업 차단을 해제해주세요.',
  popup_blocked_retry: '인증 모듈을 불러오는 동안 창이 차단되었습니다. 버튼을 한 번 더 눌러주세요.',
  press_again: '인증 모듈이 준비되었습니다. 버튼을 한 번 더 눌러주세요.',
  retry: '인증을 확인할 수 없습니다. 다시 인증해주세요.',
  iamport_under_min_age: '이용 가능한 연령이 아닙니다.',
  iamport_credentials_rejected: '본인인증 설정 오류입니다. 관리자에게 문의해주세요.',
  portone_verification_failed: '본인인증에 실패했습니다. 다시 시도해주세요.',
};
