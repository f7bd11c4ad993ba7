import type { Messages } from '../core/i18n.ts';

export type GateMessageKey = 'loading' | 'greeting' | 'points' | 'logout' | 'none' | 'expired' | 'back' | 'retry' | 'popup_blocked';

export const gateMessages: Messages<GateMessageKey> = {
  ko: {
    loading: '회원 정보를 확인하는 중…',
    greeting: '{name}님, {point}{ro} 결제할 수 있어요',
    points: '{point} 조회',
    logout: '로그아웃',
    none: '복지몰을 통해 들어오면 포인트로 결제할 수 있어요.',
    expired: '접속 시간이 지났어요. 복지몰에서 다시 들어와 주세요.',
    back: '복지몰로 돌아가기',
    retry: '다시 시도',
    popup_blocked: '팝업이 차단되었어요. 팝업을 허용해 주세요.',
  },
  en: () => import('./gate-element.messages.en.ts').then((m) => m.en),
};
