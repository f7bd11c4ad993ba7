import type { Messages } from '../../core/element/i18n.ts';

/** Its error codes' texts: in Korean a chunk loaded when the element first shows one (`Messages`). */
export type GateErrorKey = 'popup_blocked';

export type GateMessageKey =
  | 'loading'
  | 'greeting'
  | 'points'
  | 'logout'
  | 'none'
  | 'expired'
  | 'back'
  | 'retry'
  | 'cookie_withheld'
  | 'open_new_window'
  | GateErrorKey;

export const gateMessages: Messages<GateMessageKey, GateErrorKey> = {
  ko: {
    loading: '회원 정보를 확인하는 중…',
    greeting: '{name}님, {point}{ro} 결제할 수 있어요',
    points: '{point} 조회',
    logout: '로그아웃',
    none: '복지몰을 통해 들어오면 포인트로 결제할 수 있어요.',
    expired: '접속 시간이 지났어요. 복지몰에서 다시 들어와 주세요.',
    back: '복지몰로 돌아가기',
    retry: '다시 시도',
    cookie_withheld: '이 화면이 다른 사이트 안(iframe)에 있어 브라우저가 로그인 정보(쿠키)를 보내지 않아요. 새 창에서 열어 주세요.',
    open_new_window: '새 창에서 열기',
  },
  errorsKo: () => import('./gate-element.errors.ko.ts').then((m) => m.errorsKo),
  en: () => import('./gate-element.messages.en.ts').then((m) => m.en),
};
