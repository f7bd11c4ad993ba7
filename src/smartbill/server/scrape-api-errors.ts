import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from '../../core/server/errors.ts';

/**
 * What the adapter answers for each SmartBill Open API failure: a stable code,
 * an HTTP status and text in Korean and English (the element has the same
 * text in its message files). SPEC §4 lists the codes; where it gives no
 * meaning (60121, 60130, 65051) the meaning below is an assumption, written
 * down in docs/smartbill-invoices.md.
 */
export interface ScrapeApiFailure {
  code: string;
  status: ContentfulStatusCode;
  ko: string;
  en: string;
  /** The token was refused: worth one GET_TOKEN and a retry. */
  tokenRejected?: boolean;
}

const failure = (code: string, status: ContentfulStatusCode, ko: string, en: string, tokenRejected = false): ScrapeApiFailure => ({
  code,
  status,
  ko,
  en,
  tokenRejected,
});

export const RESULT_CODES: Record<string, ScrapeApiFailure> = {
  // Assumed: the AuthToken is unknown or expired.
  '60121': failure(
    'smartbill_token_rejected',
    502,
    '스마트빌이 인증토큰을 거부했습니다. 인증코드로 다시 발급해도 실패했습니다.',
    'SmartBill refused the auth token, also after re-issuing it.',
    true,
  ),
  '60129': failure(
    'smartbill_signal_not_permitted',
    403,
    '이 사업자는 스마트빌 Open API의 해당 기능을 사용하도록 등록되지 않았습니다. 스마트빌 담당자에게 연동등록을 요청하세요.',
    'This business is not registered for this SmartBill Open API function; ask SmartBill to enable it.',
  ),
  // Assumed: the AuthCode does not match the business number.
  '60130': failure(
    'smartbill_auth_code_rejected',
    502,
    '스마트빌이 인증코드를 거부했습니다. 스마트빌에서 인증코드를 다시 생성해 등록하세요.',
    'SmartBill refused the auth code; generate a new one at SmartBill and register it.',
  ),
  '65002': failure('smartbill_no_signal', 502, '스마트빌 요청에 Signal이 없습니다.', 'The SmartBill request carried no Signal.'),
  '65003': failure('smartbill_invalid_signal', 502, '스마트빌이 알 수 없는 Signal입니다.', 'SmartBill does not know this Signal.'),
  // Assumed: search conditions refused (e.g. a window longer than 30 days, more than 100 ids).
  '65051': failure(
    'smartbill_invalid_search',
    400,
    '스마트빌이 조회 조건을 거부했습니다(기간은 30일 이내).',
    'SmartBill refused the search conditions (at most 30 days per call).',
  ),
};

export const HTTP_FAILURES: Record<number, ScrapeApiFailure> = {
  400: failure('smartbill_bad_request', 502, '스마트빌이 요청 형식을 거부했습니다.', 'SmartBill refused the request format.'),
  401: failure(
    'smartbill_token_rejected',
    502,
    '스마트빌이 인증토큰을 거부했습니다. 인증코드로 다시 발급해도 실패했습니다.',
    'SmartBill refused the auth token, also after re-issuing it.',
    true,
  ),
  403: failure(
    'smartbill_forbidden',
    502,
    '스마트빌이 이 서버의 접근을 거부했습니다(방화벽·연동등록 확인).',
    'SmartBill refused this server (check the firewall and the API registration).',
  ),
  503: failure(
    'smartbill_maintenance',
    503,
    '스마트빌 서버 점검 중입니다. 잠시 후 다시 시도하세요.',
    'SmartBill is under maintenance; try again later.',
  ),
};

/** Any other ResultCode: still a stable code; the number goes in the message. */
export const unknownResult = (resultCode: string): ScrapeApiFailure =>
  failure('smartbill_api_error', 502, `스마트빌 오류(ResultCode ${resultCode})입니다.`, `SmartBill answered ResultCode ${resultCode}.`);

/** An adapter error carrying the failure; `tokenRejected` tells the caller to re-issue once. */
export class ScrapeApiError extends ApiError {
  constructor(
    readonly failure: ScrapeApiFailure,
    readonly detail: string,
  ) {
    super(failure.status, failure.code, `${failure.en} (${detail})`);
    this.name = 'ScrapeApiError';
  }
}

/** The adapter's own errors around the Open API (not SmartBill's codes). */
export const notConnected = () =>
  new ApiError(
    409,
    'smartbill_not_connected',
    'no SmartBill credentials are held for this business number: finish the SmartBill signup (or PUT them through the server API) first',
  );

export const outOfRetention = (oldest: string) =>
  new ApiError(400, 'smartbill_out_of_retention', `SmartBill keeps tax invoices for 3 months: the period must start on or after ${oldest}`);
