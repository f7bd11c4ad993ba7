import type { Messages } from '../../core/element/i18n.ts';

export type CertifyMessageKey =
  | 'label'
  | 'loading_sdk'
  | 'certifying'
  | 'verifying'
  | 'verified'
  | 'birthday'
  | 'phone'
  | 'again'
  | 'missing_merchant_code'
  | 'sdk_load_failed'
  | 'certification_failed'
  | 'certification_cancelled'
  | 'popup_blocked'
  | 'popup_blocked_retry'
  | 'press_again'
  | 'retry'
  | 'iamport_under_min_age'
  | 'iamport_credentials_rejected';

export const certifyMessages: Messages<CertifyMessageKey> = {
  ko: {
    label: '휴대폰 본인인증',
    loading_sdk: '인증 모듈을 불러오는 중…',
    certifying: '본인인증 창에서 인증을 진행해주세요.',
    verifying: '인증 결과를 확인하는 중…',
    verified: '본인인증 완료',
    birthday: '생년월일',
    phone: '휴대폰',
    again: '다시 인증하기',
    missing_merchant_code: 'merchant-code 속성이 필요합니다.',
    sdk_load_failed: '인증 모듈을 불러오지 못했습니다.',
    certification_failed: '본인인증 실패: {reason}',
    certification_cancelled: '본인인증을 취소했습니다. 다시 하려면 버튼을 눌러주세요.',
    popup_blocked: '본인인증 창이 차단되었습니다. 브라우저의 팝업 차단을 해제해주세요.',
    popup_blocked_retry: '인증 모듈을 불러오는 동안 창이 차단되었습니다. 버튼을 한 번 더 눌러주세요.',
    press_again: '인증 모듈이 준비되었습니다. 버튼을 한 번 더 눌러주세요.',
    retry: '인증을 확인할 수 없습니다. 다시 인증해주세요.',
    iamport_under_min_age: '이용 가능한 연령이 아닙니다.',
    iamport_credentials_rejected: '아임포트 설정 오류입니다. 관리자에게 문의해주세요.',
  },
  en: () => import('./certify-button.messages.en.ts').then((m) => m.en),
};
