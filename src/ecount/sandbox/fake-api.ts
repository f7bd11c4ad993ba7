import { randomBytes } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { PUBLIC_LIMITS, type RateRule } from '../server/limits.ts';

/**
 * Which server an API_CERT_KEY was issued for: Ecount issues test keys (sboapi…) and production keys (oapi…) apart,
 * and a key used on the other server is Login error 204 (테스트용/실서버용 인증키 불일치, seed 003).
 */
export type KeyEnv = 'test' | 'production';

/** The sandbox company (the seed's example COM_CODE) and the credentials the fake accepts: a test key. */
export const SANDBOX_ECOUNT = {
  comCode: '80001',
  userId: 'ERPAPI',
  apiCertKey: 'sbx-ecount-7c1e52a9d04b4f6f9a3b2c1d0e9f8a7b',
  zone: 'CC',
  keyEnv: 'test' as KeyEnv,
} as const;

interface FakeCompany {
  zone: string;
  userId: string;
  apiCertKey: string;
  /** Default `test`. */
  keyEnv?: KeyEnv;
}

/**
 * Documented test values (docs/ecount.md): USER_ID `ERR<code>` makes Login
 * answer that error code (e.g. `ERR98`); COM_CODE `ZN201` makes Zone answer
 * Status 500 code 201 (any other unknown COM_CODE: code 100).
 */
export const LOGIN_ERROR_MESSAGES: Record<number, string> = {
  20: '올바른 Code, ID, PW를 입력해주세요',
  21: '임시접속차단이 설정되어 접속이 차단되었습니다',
  22: '[개인-접속제한시간설정] 로그인 제한 시간',
  23: '[회사-접속제한시간설정] 로그인 제한 시간',
  24: '[개인-IP별차단기능] 해당 IP에서 로그인 불가',
  25: '[회사-IP별차단기능] 해당 IP에서 로그인 불가',
  26: '어플리케이션 사용이 제한되어 접속 불가',
  27: '[모바일 로그인] 모바일로그인 허용 요청 필요',
  81: '미수차단되어 API 이용 불가',
  82: '미수차단되어 API 이용 불가',
  83: '미수차단되어 API 이용 불가',
  84: '가입비 미수차단되어 API 이용 불가',
  85: '사용차단되어 API 이용 불가',
  89: '탈퇴처리 되어 API 이용 불가',
  98: '비밀번호를 5회 이상 잘못 입력',
  99: '해당 아이디가 존재하지 않습니다',
  201: 'API_CERT_KEY가 유효하지 않습니다.',
  204: '테스트용/실서버용 인증키 불일치',
};

const PRODUCTS = [
  {
    PROD_CD: 'A-1001',
    PROD_DES: '무선 바코드 스캐너',
    SIZE_DES: 'BS-200',
    UNIT: 'EA',
    PRICE: '89000',
    WH_CD: '100',
    WH_DES: '본사 창고',
    BAL_QTY: '42',
  },
  {
    PROD_CD: 'A-1002',
    PROD_DES: '감열 라벨 프린터',
    SIZE_DES: 'LP-80',
    UNIT: 'EA',
    PRICE: '245000',
    WH_CD: '100',
    WH_DES: '본사 창고',
    BAL_QTY: '7',
  },
  {
    PROD_CD: 'B-2001',
    PROD_DES: '복사용지 A4 80g',
    SIZE_DES: '2500매/박스',
    UNIT: 'BOX',
    PRICE: '24500',
    WH_CD: '200',
    WH_DES: '부산 물류센터',
    BAL_QTY: '318',
  },
  {
    PROD_CD: 'B-2002',
    PROD_DES: '크라프트 택배박스 3호',
    SIZE_DES: '340×250×210',
    UNIT: 'EA',
    PRICE: '650',
    WH_CD: '200',
    WH_DES: '부산 물류센터',
    BAL_QTY: '1250',
  },
  {
    PROD_CD: 'C-3001',
    PROD_DES: '제주 감귤 주스 1.5L',
    SIZE_DES: '1.5L×6',
    UNIT: 'BOX',
    PRICE: '18900',
    WH_CD: '300',
    WH_DES: '냉장 창고',
    BAL_QTY: '0',
  },
];

export interface EcountFakeOptions {
  now?: () => number;
  /** Idle time after which a session is gone (each call renews it, as Ecount's auto-logout). */
  sessionIdleMs?: number;
  /** Limits the fake enforces (412/302); default Ecount's public test-server limits. */
  limits?: Partial<Record<'zone' | 'login' | 'list' | 'save' | 'view' | 'daily', RateRule>>;
  /** How an over-limit call is answered: `mixed` (412, every third a 302; default), or always one of them. */
  overLimit?: 'mixed' | '412' | '302';
  /**
   * Where Login puts SESSION_ID: `nested` in `Data.Datas` as the seed's example (default), or `flat` in `Data` as the
   * seed's response table (`Data.COM_CODE`, `Data.USER_ID`, `Data.SESSION_ID`, `Data.EXPIRE_DATE`, `Data.NOTICE`).
   */
  loginShape?: 'nested' | 'flat';
}

type Cls = 'list' | 'save' | 'view';
const API_CLASSES: Record<string, Cls> = {
  'InventoryBalance/GetListInventoryBalanceStatus': 'list',
  'InventoryBalance/ViewInventoryBalanceStatus': 'view',
  'InventoryBasic/GetBasicProductsList': 'list',
  'InventoryBasic/ViewBasicProduct': 'view',
  'Sale/SaveSale': 'save',
};

const HOSTS = ['https://sboapi.ecount.com', 'https://oapi.ecount.com'];
const hostEnv = (url: URL): KeyEnv => (/^sboapi/i.test(url.hostname) ? 'test' : 'production');
const timestamp = () => new Date().toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' });
const ok = (Data: unknown) => HttpResponse.json({ Data, Status: '200', Error: null, Timestamp: timestamp() });

/**
 * A fake of Ecount's Open API V2 (msw handlers), following seed 003: Zone on
 * sboapi/oapi.ecount.com, Login and business calls on sboapi{ZONE}.ecount.com;
 * failures in the seed's envelopes and codes; sessions that expire when idle;
 * per-class limits answered with 412 and, every third time, 302 Object Moved;
 * 10 failed zone/login calls block the caller's "IP"; unknown paths 404.
 */
export function createEcountFake(options: EcountFakeOptions = {}) {
  const now = options.now ?? Date.now;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const limits = { ...PUBLIC_LIMITS.test, ...options.limits };
  const companies = new Map<string, FakeCompany>([[SANDBOX_ECOUNT.comCode, SANDBOX_ECOUNT]]);
  /** Origins that Zone, Login and business calls went to, in order (which of sboapi/oapi the adapter chose). */
  const hosts: string[] = [];
  const sessions = new Map<string, { comCode: string; lastUsed: number }>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const calls = { zone: 0, login: 0, api: 0, failedLogins: 0, rateLimited412: 0, redirected302: 0, sessionGone: 0, ipBlockedCalls: 0 };
  const apiCalls: { path: string; sessionId: string; body: unknown; contentLength: string | null }[] = [];
  let failLoginsWith: number | undefined;
  let overLimit = 0;
  let failedZoneLogin = 0;

  const take = (key: string, rule: RateRule) => {
    const t = now();
    const b = buckets.get(key) ?? { tokens: rule.capacity, at: t };
    b.tokens = Math.min(rule.capacity, b.tokens + ((t - b.at) / 1000) * rule.refillPerSecond);
    b.at = t;
    buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  /** Over a limit: 412, and every third time a 302 "Object Moved" (seed 003's 주의). */
  const limited = () => {
    overLimit += 1;
    const mode = options.overLimit ?? 'mixed';
    if (mode === '302' || (mode === 'mixed' && overLimit % 3 === 0)) {
      calls.redirected302 += 1;
      return new HttpResponse(
        '<html><head><title>Object moved</title></head><body><h2>Object moved to <a href="/ECERP/ECP/ECP050M">here</a>.</h2></body></html>',
        {
          status: 302,
          headers: { Location: '/ECERP/ECP/ECP050M', 'Content-Type': 'text/html' },
        },
      );
    }
    calls.rateLimited412 += 1;
    return new HttpResponse('API 전송 횟수 기준을 넘었습니다.', { status: 412 });
  };
  const ipBlocked = () => failedZoneLogin >= 10;
  const blockedAnswer = () => {
    calls.ipBlockedCalls += 1;
    return new HttpResponse('IP blocked', { status: 403 });
  };
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const body = async (request: Request) => {
    if (!/^application\/json/i.test(request.headers.get('content-type') ?? '')) return undefined;
    return (await request.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  };
  const hostZone = (url: URL) => /^(?:sbo|o)api([a-z0-9]+)\.ecount\.com$/i.exec(url.hostname)?.[1]?.toUpperCase();

  const handlers = [
    ...HOSTS.map((host) =>
      http.post(`${host}/OAPI/V2/Zone`, async ({ request }) => {
        if (ipBlocked()) return blockedAnswer();
        calls.zone += 1;
        hosts.push(new URL(request.url).origin);
        const b = await body(request);
        const comCode = str(b?.COM_CODE);
        if (!take(`${comCode}:zone`, limits.zone) || !take(`${comCode}:daily`, limits.daily)) return limited();
        const co = companies.get(comCode);
        if (!co) {
          failedZoneLogin += 1;
          const code = comCode === 'ZN201' ? 201 : 100;
          return HttpResponse.json(
            { Data: null, Status: '500', Error: { Code: code, Message: 'Zone 정보가 없습니다.', MessageDetail: '' }, Timestamp: null },
            { status: 200 },
          );
        }
        return ok({ EXPIRE_DATE: '', ZONE: co.zone, DOMAIN: '.ecount.com' });
      }),
    ),
    http.post(/^https:\/\/(?:sbo|o)api[a-z0-9]+\.ecount\.com\/OAPI\/V2\/OAPILogin$/i, async ({ request }) => {
      if (ipBlocked()) return blockedAnswer();
      calls.login += 1;
      const url = new URL(request.url);
      hosts.push(url.origin);
      const b = await body(request);
      const comCode = str(b?.COM_CODE);
      if (!take(`${comCode}:login`, limits.login) || !take(`${comCode}:daily`, limits.daily)) return limited();
      const co = companies.get(comCode);
      const userId = str(b?.USER_ID);
      const forced = /^ERR(\d+)$/.exec(userId)?.[1];
      let code: number | undefined = failLoginsWith ?? (forced ? Number(forced) : undefined);
      if (code === undefined) {
        if (!co || str(b?.ZONE).toUpperCase() !== co.zone || hostZone(url) !== co.zone) code = 20;
        else if (userId !== co.userId) code = 99;
        else if (b?.API_CERT_KEY !== co.apiCertKey) code = 201;
        else if ((co.keyEnv ?? 'test') !== hostEnv(url)) code = 204;
      }
      if (code !== undefined) {
        calls.failedLogins += 1;
        failedZoneLogin += 1;
        return HttpResponse.json({
          Data: null,
          Status: '200',
          Error: { Code: code, Message: LOGIN_ERROR_MESSAGES[code] ?? '로그인 오류', MessageDetail: '' },
          Timestamp: null,
        });
      }
      failedZoneLogin = 0;
      // Like the seed's example: hex, a colon and a suffix; longer than the table's stated 50.
      const sessionId = `${randomBytes(24).toString('hex')}:${randomBytes(9).toString('base64url')}`;
      sessions.set(sessionId, { comCode, lastUsed: now() });
      const notice = { EXPIRE_DATE: '', NOTICE: '[샌드박스] 이카운트 API 공지사항이 여기에 표시됩니다.' };
      const ids = { COM_CODE: comCode, USER_ID: userId, SESSION_ID: sessionId };
      if (options.loginShape === 'flat') return ok({ ...ids, ...notice });
      return ok({ ...notice, Code: '00', Datas: ids, Message: '', RedirectUrl: '' });
    }),
    http.post(/^https:\/\/(?:sbo|o)api[a-z0-9]+\.ecount\.com\/OAPI\/V2\/(?!OAPILogin$)([A-Za-z]+\/[A-Za-z]+)$/i, async ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname.replace('/OAPI/V2/', '');
      const cls = API_CLASSES[path];
      if (!cls) return new HttpResponse('Not Found', { status: 404 });
      calls.api += 1;
      hosts.push(url.origin);
      const sessionId = url.searchParams.get('SESSION_ID') ?? '';
      const b = await body(request);
      apiCalls.push({ path, sessionId, body: b, contentLength: request.headers.get('content-length') });
      const s = sessions.get(sessionId);
      if (s && now() - s.lastUsed > idleMs) sessions.delete(sessionId);
      const live = sessions.get(sessionId);
      if (!live) {
        calls.sessionGone += 1;
        return HttpResponse.json({
          Data: null,
          Status: '500',
          Error: { Code: 999, Message: '세션이 만료되었습니다. 다시 로그인해주세요. (Please login)', MessageDetail: '' },
          Timestamp: null,
        });
      }
      if (!take(`${live.comCode}:${cls}:${path}`, limits[cls]) || !take(`${live.comCode}:daily`, limits.daily)) return limited();
      live.lastUsed = now();
      return ok(answer(path, b ?? {}));
    }),
  ];

  return {
    handlers,
    calls,
    apiCalls,
    hosts,
    /** Every later login answers this Error.Code (undefined: normal again). */
    failLogins(code: number | undefined) {
      failLoginsWith = code;
    },
    /** The demo's switches skip Ecount's login spacing: the next login happens at once (as if its wait had passed). */
    allowLoginNow() {
      for (const key of buckets.keys()) if (key.endsWith(':login')) buckets.delete(key);
    },
    /** Ends every session, as Ecount's auto-logout would. */
    expireSessions() {
      sessions.clear();
    },
    /** Adds a company the fake knows; its key is a test key unless `keyEnv` says `production`. */
    addCompany(comCode: string, company: FakeCompany) {
      companies.set(comCode, company);
    },
    /** Whether Ecount would now block this caller (10 failed zone/login calls). */
    ipBlocked,
  };
}

export type EcountFake = ReturnType<typeof createEcountFake>;

function answer(path: string, b: Record<string, unknown>): unknown {
  const code = typeof b.PROD_CD === 'string' ? b.PROD_CD : undefined;
  const rows = PRODUCTS.filter((p) => !code || p.PROD_CD === code);
  switch (path) {
    case 'InventoryBalance/ViewInventoryBalanceStatus':
    case 'InventoryBalance/GetListInventoryBalanceStatus':
      return {
        IsSuccess: true,
        EXPIRE_DATE: '',
        QUANTITY_INFO: '',
        TotalCnt: rows.length,
        Result: rows.map(({ PROD_CD, PROD_DES, WH_CD, WH_DES, BAL_QTY }) => ({ PROD_CD, PROD_DES, WH_CD, WH_DES, BAL_QTY })),
      };
    case 'InventoryBasic/GetBasicProductsList':
    case 'InventoryBasic/ViewBasicProduct':
      return {
        IsSuccess: true,
        EXPIRE_DATE: '',
        TotalCnt: rows.length,
        Result: rows.map(({ PROD_CD, PROD_DES, SIZE_DES, UNIT, PRICE }) => ({ PROD_CD, PROD_DES, SIZE_DES, UNIT, OUT_PRICE: PRICE })),
      };
    default: {
      const list = Array.isArray(b.SaleList) ? b.SaleList : [];
      const d = new Date();
      const ymd = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
      return {
        EXPIRE_DATE: '',
        QUANTITY_INFO: '',
        TRACE_ID: randomBytes(8).toString('hex'),
        SuccessCnt: list.length,
        FailCnt: 0,
        ResultDetails: list.map(() => ({ IsSuccess: true, TotalError: '', Errors: [], Code: null })),
        SlipNos: list.length ? [`${ymd}-${Math.floor(Math.random() * 90 + 10)}`] : [],
      };
    }
  }
}
