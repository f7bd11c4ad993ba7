import type { Dict } from '../../core/element/i18n.ts';
import type { InvoiceErrorKey } from './invoice-list.messages.ts';

/** The element's error texts in Korean, loaded when it first shows one. */
export const errorsKo: Dict<InvoiceErrorKey> = {
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
};
