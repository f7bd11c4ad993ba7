import type { Messages } from '../../core/element/i18n.ts';

export type InvoiceMessageKey =
  | 'period'
  | 'thisMonth'
  | 'lastMonth'
  | 'last3Months'
  | 'custom'
  | 'from'
  | 'to'
  | 'kind'
  | 'AR'
  | 'AP'
  | 'dateKind'
  | 'W'
  | 'I'
  | 'S'
  | 'search'
  | 'csv'
  | 'caption'
  | 'date'
  | 'name'
  | 'regNo'
  | 'sup'
  | 'tax'
  | 'total'
  | 'type'
  | 'demand'
  | 'demand01'
  | 'demand02'
  | 'k01'
  | 'k02'
  | 'k03'
  | 'k04'
  | 's01'
  | 's02'
  | 's03'
  | 's04'
  | 's05'
  | 'totals'
  | 'loading'
  | 'empty'
  | 'open'
  | 'invoice'
  | 'print'
  | 'close'
  | 'smartbill_not_connected'
  | 'smartbill_out_of_retention'
  | 'smartbill_token_rejected'
  | 'smartbill_auth_code_rejected'
  | 'smartbill_signal_not_permitted'
  | 'smartbill_invalid_search'
  | 'smartbill_maintenance'
  | 'smartbill_forbidden'
  | 'smartbill_api_error'
  | 'smartbill_invoice_not_found'
  | 'invalid_period'
  | 'period_order';

export const invoiceMessages: Messages<InvoiceMessageKey> = {
  ko: {
    period: '기간',
    thisMonth: '이번 달',
    lastMonth: '지난달',
    last3Months: '최근 3개월',
    custom: '직접 입력',
    from: '시작일',
    invalid_period: '시작일과 종료일을 YYYY-MM-DD 형식의 날짜로 입력해주세요.',
    period_order: '시작일이 종료일보다 늦습니다. 기간을 다시 골라주세요.',
    to: '종료일',
    kind: '구분',
    AR: '매출',
    AP: '매입',
    dateKind: '기준일',
    W: '작성일',
    I: '발행일',
    S: '전송일',
    search: '조회',
    csv: 'CSV 내보내기',
    caption: '{kind} 세금계산서 {from} ~ {to} ({count}건)',
    date: '작성일',
    name: '거래처 상호',
    regNo: '사업자번호',
    sup: '공급가액',
    tax: '세액',
    total: '합계',
    type: '종류',
    demand: '영수/청구',
    demand01: '영수',
    demand02: '청구',
    k01: '세금계산서',
    k02: '수정세금계산서',
    k03: '계산서',
    k04: '수정계산서',
    s01: '일반',
    s02: '영세율',
    s03: '위수탁',
    s04: '수입',
    s05: '영세율위수탁',
    totals: '합계 ({count}건)',
    loading: '불러오는 중 ({done}/{total} 구간)',
    empty:
      '이 기간에 수집된 세금계산서가 없습니다. 스마트빌은 홈택스에서 약 20분마다 세금계산서를 수집하므로, 방금 발행된 세금계산서는 20분쯤 뒤에 나타납니다.',
    open: '{name} 세금계산서 보기',
    invoice: '전자세금계산서 {id}',
    print: '인쇄',
    close: '닫기',
    smartbill_not_connected: '이 사업자의 스마트빌 연동 정보가 없습니다. 먼저 스마트빌 간편 회원가입을 마쳐주세요.',
    smartbill_out_of_retention: '스마트빌은 세금계산서를 3개월간 보관합니다. 최근 3개월 안의 기간을 선택해주세요.',
    smartbill_token_rejected: '스마트빌이 인증토큰을 거부했습니다. 인증코드로 다시 발급해도 실패했습니다.',
    smartbill_auth_code_rejected: '스마트빌이 인증코드를 거부했습니다. 스마트빌에서 인증코드를 다시 생성해 등록하세요.',
    smartbill_signal_not_permitted: '이 사업자는 스마트빌 Open API 사용이 등록되지 않았습니다. 스마트빌 담당자에게 연동등록을 요청하세요.',
    smartbill_invalid_search: '스마트빌이 조회 조건을 거부했습니다.',
    smartbill_maintenance: '스마트빌 서버 점검 중입니다. 잠시 후 다시 시도해주세요.',
    smartbill_forbidden: '스마트빌이 어댑터 서버의 접근을 거부했습니다(방화벽·연동등록 확인).',
    smartbill_api_error: '스마트빌 오류입니다. 잠시 후 다시 시도해주세요.',
    smartbill_invoice_not_found: '스마트빌에서 이 세금계산서를 찾을 수 없습니다.',
  },
  en: () => import('./invoice-list.messages.en.ts').then((m) => m.en),
};
