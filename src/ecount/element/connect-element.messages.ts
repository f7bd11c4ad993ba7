import type { Messages } from '../../core/element/i18n.ts';

/** Its error codes' texts: in Korean a chunk loaded when the element first shows one (`Messages`). */
export type ConnectErrorKey = 'ecount_rate_limited' | 'ecount_login_blocked';

export type ConnectMessageKey =
  | 'title'
  | 'loading'
  | 'company'
  | 'zone'
  | 'environment'
  | 'test'
  | 'production'
  | 'session'
  | 'connected'
  | 'disconnected'
  | 'blocked'
  | 'since'
  | 'expire'
  | 'notice'
  | 'last_error'
  | 'limits'
  | 'limits_value'
  | 'connect'
  | 'test_button'
  | ConnectErrorKey;

export const connectMessages: Messages<ConnectMessageKey, ConnectErrorKey> = {
  ko: {
    title: '이카운트 ERP 연결',
    loading: '연결 상태를 확인하는 중…',
    company: '회사코드',
    zone: 'Zone',
    environment: '서버',
    test: '테스트',
    production: '운영',
    session: '세션',
    connected: '연결됨',
    disconnected: '연결 안 됨',
    blocked: '로그인 중지됨 (운영자 초기화 필요)',
    since: '{time} 로그인 ({min}분 경과)',
    expire: 'API 종료일',
    notice: '공지',
    last_error: '최근 오류',
    limits: '남은 호출',
    limits_value: '오늘 {daily}회 · 로그인 {login}회',
    connect: '연결',
    test_button: '연결 테스트',
  },
  errorsKo: () => import('./connect-element.errors.ko.ts').then((m) => m.errorsKo),
  en: () => import('./connect-element.messages.en.ts').then((m) => m.en),
};
