/**
 * The 15 parameters of SmartBill's simple signup (seed 000) and SmartBill's
 * pages: plain data with no zod, so the element renders the form without
 * loading the validation (schema.ts, a lazy chunk on ES module pages).
 */
export type SmartbillEnv = 'demo' | 'production';

/**
 * [name, max length, required], in the seed's order. The seed writes `String(max)` without saying characters or bytes:
 * we count characters (UTF-16 code units, as an input's `maxlength` and .NET's String.Length do), so 200 Hangul
 * syllables fit `pComName` — an assumption (docs/assumptions.md); if SmartBill counted EUC-KR bytes, that would be 400.
 */
export const SIGNUP_FIELDS = [
  ['pComRegNo', 10, 1],
  ['pComName', 200, 1],
  ['pComPresident', 100, 1],
  ['pComBizStatus', 100, 1],
  ['pComBizClass', 100, 1],
  ['pZipCode', 5, 1],
  ['pComAddress', 300, 1],
  ['pMIGRATIONFLAG', 50, 1],
  ['pMemName', 100, 1],
  ['pMemTel', 40, 1],
  ['pMemHP', 40, 0],
  ['pMemFax', 40, 0],
  ['pMemEmail', 100, 1],
  ['pMasterYN', 1, 1],
  ['pID', 50, 1],
] as const;

export type SignupField = (typeof SIGNUP_FIELDS)[number][0];
export type SignupForm = Record<SignupField, string>;
export type SignupIssueKey = 'required' | 'too_long' | 'biz_no' | 'biz_no_check' | 'zip' | 'phone' | 'email' | 'yn' | 'unknown';

export const maxLengthOf = (name: string): number => SIGNUP_FIELDS.find((f) => f[0] === name)?.[1] ?? 0;

/** SmartBill's pages, relative to the site (seed 000). */
export const SMARTBILL_PAGES = {
  signup: '/xMain/mb/shar_transfer/info_inpt01.aspx',
  noSync: '/xMain/mb/mb_join/vendor_join_cplt.aspx',
  authCode: '/xMain/openapi/get_auth_code.aspx',
  authToken: '/xMain/openapi/get_auth_token.aspx',
  cert: '/xMain/openapi/set_cert_info.aspx',
  /** Seed 001 step 7: where the Hometax department user's ID/PASS is registered, so SmartBill can collect invoices. */
  scrapeLogin: '/xMain/openscrap/os_cominfo_list.aspx',
} as const;

/** Seed 001 step 3: Hometax's department-user signup guide (a PDF on SmartBill's demo site, for both environments). */
export const DEPT_USER_GUIDE =
  'https://demo.smartbill.co.kr/Support/file_pds/%ED%99%88%ED%85%8D%EC%8A%A4%20%EB%B6%80%EC%84%9C%EC%82%AC%EC%9A%A9%EC%9E%90%20%EA%B0%80%EC%9E%85%20%EC%95%88%EB%82%B4.pdf'; // 홈텍스 부서사용자 가입 안내.pdf

export const smartbillSite = (env: SmartbillEnv) => `https://${env === 'demo' ? 'demo' : 'www'}.smartbill.co.kr`;
