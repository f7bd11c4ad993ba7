import type { Messages } from '../../core/element/i18n.ts';

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
  | 'ecount_rate_limited'
  | 'ecount_login_blocked';

export const connectMessages: Messages<ConnectMessageKey> = {
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
    ecount_rate_limited: '이카운트 호출 한도에 도달했습니다. 잠시 후 다시 시도해주세요.',
    ecount_login_blocked: '로그인 실패가 반복되어 이카운트 로그인을 멈췄습니다. 운영자가 초기화해야 합니다.',
  },
  en: () => import('./connect-element.messages.en.ts').then((m) => m.en),
};
