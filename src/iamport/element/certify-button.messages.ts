import type { Messages } from '../../core/element/i18n.ts';

/** Its error codes' texts: in Korean a chunk loaded when the element first shows one (`Messages`). */
export type CertifyErrorKey =
  | 'missing_merchant_code'
  | 'sdk_load_failed'
  | 'certification_failed'
  | 'certification_cancelled'
  | 'popup_blocked'
  | 'popup_blocked_retry'
  | 'press_again'
  | 'retry'
  | 'iamport_under_min_age'
  | 'iamport_credentials_rejected'
  | 'portone_verification_failed';

export type CertifyMessageKey =
  'label' | 'loading_sdk' | 'certifying' | 'verifying' | 'verified' | 'birthday' | 'phone' | 'again' | CertifyErrorKey;

export const certifyMessages: Messages<CertifyMessageKey, CertifyErrorKey> = {
  ko: {
    label: '휴대폰 본인인증',
    loading_sdk: '인증 모듈을 불러오는 중…',
    certifying: '본인인증 창에서 인증을 진행해주세요.',
    verifying: '인증 결과를 확인하는 중…',
    verified: '본인인증 완료',
    birthday: '생년월일',
    phone: '휴대폰',
    again: '다시 인증하기',
  },
  errorsKo: () => import('./certify-button.errors.ko.ts').then((m) => m.errorsKo),
  en: () => import('./certify-button.messages.en.ts').then((m) => m.en),
};
