import type { Messages } from '../../core/element/i18n.ts';

/** Its error codes' texts: in Korean a chunk loaded when the element first shows one (`Messages`). */
export type InvoiceErrorKey =
  | 'smartbill_not_connected'
  | 'smartbill_out_of_retention'
  | 'smartbill_token_rejected'
  | 'smartbill_auth_code_rejected'
  | 'smartbill_signal_not_permitted'
  | 'smartbill_invalid_search'
  | 'smartbill_maintenance'
  | 'smartbill_forbidden'
  | 'smartbill_api_error'
  | 'smartbill_invoice_not_found';

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
  | 'invalid_period'
  | 'period_order'
  | 'as_of'
  | 'as_of_delay'
  | 'setup_intro'
  | 'setup_dept_user'
  | 'setup_dept_guide'
  | 'setup_register'
  | InvoiceErrorKey;

export const invoiceMessages: Messages<InvoiceMessageKey, InvoiceErrorKey> = {
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
    as_of: '{time} 기준',
    as_of_delay:
      '(스마트빌은 약 20분마다 수집하고 어댑터는 조회 결과를 최대 20분 보관하므로, 최근 약 40분 사이의 세금계산서는 아직 없을 수 있습니다.)',
    setup_intro: '스마트빌이 세금계산서를 수집하려면 다음 설정이 필요합니다:',
    setup_dept_user: '홈택스 부서사용자 가입: 수집 프로그램이 홈택스에 동시 접속하려면 부서사용자 ID/PASS가 필요합니다.',
    setup_dept_guide: '가입 안내 (PDF)',
    setup_register: '스마트빌에 부서사용자 ID/PASS 등록 (로그인 필요)',
  },
  errorsKo: () => import('./invoice-list.errors.ko.ts').then((m) => m.errorsKo),
  en: () => import('./invoice-list.messages.en.ts').then((m) => m.en),
};
