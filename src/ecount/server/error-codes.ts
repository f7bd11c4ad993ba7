/**
 * Every error code of Ecount's Zone and Login APIs (seed 003's tables) → a
 * stable adapter code with Korean and English text for the operator. `stop`
 * marks codes where no retry can help: the adapter stops logging in at once
 * (an operator must fix the account and reset), instead of spending the
 * failures that make Ecount block the server's IP.
 */
export interface EcountErrorInfo {
  code: string;
  ko: string;
  en: string;
  stop: boolean;
}

const e = (code: string, ko: string, en: string, stop = true): EcountErrorInfo => ({ code, ko, en, stop });

/** Zone API: Status 500 with Error.Code 100 (the table) or 201 (the example): the company code has no zone. */
const zoneNotFound = e(
  'ecount_zone_not_found',
  'Zone 정보가 없습니다. 회사코드를 확인해주세요.',
  'Ecount has no zone for this company code. Check the company code.',
);
export const ZONE_ERRORS: Record<number, EcountErrorInfo> = { 100: zoneNotFound, 201: zoneNotFound };

const unpaid = e('ecount_unpaid_blocked', '미수차단되어 API를 이용할 수 없습니다.', 'API use is blocked for unpaid fees.');

/** Login API: Status 200 with an Error object. */
export const LOGIN_ERRORS: Record<number, EcountErrorInfo> = {
  20: e(
    'ecount_invalid_credentials',
    '올바른 회사코드, ID, 비밀번호를 입력해주세요.',
    'Enter a correct company code, user ID and password.',
    false,
  ),
  21: e('ecount_temporarily_blocked', '임시접속차단이 설정되어 접속이 차단되었습니다.', 'Access is blocked by a temporary block setting.'),
  22: e(
    'ecount_user_time_restricted',
    '[개인-접속제한시간설정] 로그인 제한 시간입니다.',
    'Login is not allowed at this time (user access hours).',
  ),
  23: e(
    'ecount_company_time_restricted',
    '[회사-접속제한시간설정] 로그인 제한 시간입니다.',
    'Login is not allowed at this time (company access hours).',
  ),
  24: e(
    'ecount_user_ip_blocked',
    '[개인-IP별차단기능] 이 IP에서 로그인할 수 없습니다.',
    'Login from this IP is blocked (user IP restriction).',
  ),
  25: e(
    'ecount_company_ip_blocked',
    '[회사-IP별차단기능] 이 IP에서 로그인할 수 없습니다.',
    'Login from this IP is blocked (company IP restriction).',
  ),
  26: e('ecount_app_restricted', '어플리케이션 사용이 제한되어 접속할 수 없습니다.', 'Application use is restricted for this account.'),
  27: e(
    'ecount_mobile_login_required',
    '[모바일 로그인] 모바일 로그인 허용 요청이 필요합니다.',
    'Mobile login must be allowed for this account.',
  ),
  81: unpaid,
  82: unpaid,
  83: unpaid,
  84: e('ecount_signup_fee_unpaid', '가입비 미수차단되어 API를 이용할 수 없습니다.', 'API use is blocked for an unpaid signup fee.'),
  85: e('ecount_use_blocked', '사용차단되어 API를 이용할 수 없습니다.', 'API use is blocked for this company.'),
  89: e('ecount_withdrawn', '탈퇴처리되어 API를 이용할 수 없습니다.', 'This company has left Ecount; the API is not available.'),
  98: e('ecount_password_locked', '비밀번호를 5회 이상 잘못 입력했습니다.', 'The password was entered wrongly 5 or more times.'),
  99: e('ecount_user_not_found', '해당 아이디가 존재하지 않습니다.', 'This user ID does not exist.', false),
  201: e('ecount_api_cert_key_invalid', 'API_CERT_KEY가 유효하지 않습니다.', 'The API certificate key (API_CERT_KEY) is not valid.'),
  204: e(
    'ecount_api_cert_key_env_mismatch',
    '테스트용/실서버용 인증키가 일치하지 않습니다.',
    'The API key is for the other environment (test vs production).',
  ),
};

/** Adapter-side Ecount errors (no Ecount code). */
export const ADAPTER_ERRORS = {
  login_failed: e('ecount_login_failed', '이카운트 로그인에 실패했습니다.', 'The Ecount login failed.', false),
  zone_failed: e('ecount_zone_failed', '이카운트 Zone 조회에 실패했습니다.', 'The Ecount zone lookup failed.', false),
  login_blocked: e(
    'ecount_login_blocked',
    '로그인 실패가 반복되어 이카운트 로그인을 멈췄습니다. 설정을 확인한 뒤 운영자가 초기화해야 합니다.',
    'Ecount logins are stopped after repeated failures. Fix the settings, then an operator must reset.',
  ),
  rate_limited: e(
    'ecount_rate_limited',
    '이카운트 호출 한도에 도달했습니다. 잠시 후 다시 시도해주세요.',
    'The Ecount call limit is reached. Try again later.',
    false,
  ),
  session_failed: e('ecount_session_failed', '이카운트 세션을 사용할 수 없습니다.', 'The Ecount session could not be used.', false),
  unreachable: e('ecount_unreachable', '이카운트 서버에 연결할 수 없습니다.', 'The Ecount server could not be reached.', false),
} satisfies Record<string, EcountErrorInfo>;

/** What a failed zone/login answer means; unknown codes count as ordinary failures. */
export function zoneError(code: number | string | undefined): EcountErrorInfo {
  return ZONE_ERRORS[Number(code)] ?? ADAPTER_ERRORS.zone_failed;
}
export function loginError(code: number | string | undefined): EcountErrorInfo {
  return LOGIN_ERRORS[Number(code)] ?? ADAPTER_ERRORS.login_failed;
}

/** Text of a stable code in both languages (the status route sends both; the element picks one). */
export function describe(code: string): { ko: string; en: string } | undefined {
  for (const info of [...Object.values(ZONE_ERRORS), ...Object.values(LOGIN_ERRORS), ...Object.values(ADAPTER_ERRORS)]) {
    if (info.code === code) return { ko: info.ko, en: info.en };
  }
  return undefined;
}
