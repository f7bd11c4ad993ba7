import { randomBytes } from 'node:crypto';
import { http, HttpResponse } from 'msw';

export const BENECAFE_CERT = 'https://cert.benecafe.co.kr';
export const CHECK_PATH = '/sandbox/vendorMemberCheck';

/** Members of the fake welfare mall (as in seed 002's `resultMap.user`). */
export const SANDBOX_MEMBERS = [
  {
    custId: 'J01A00038745',
    mbrNo: 'J0100000000440',
    mbrNm: '김복지',
    mbrId: 'bokji01',
    dob: '19811130',
    hmeTelNo: '0310000000',
    postNo: '06270',
    baseAddr: '서울 강남구 남부순환로365길 58',
    dtlsAddr: '6층',
    empen: '123456',
  },
  {
    custId: 'J01A00051220',
    mbrNo: 'J0100000000517',
    mbrNm: '이하나',
    mbrId: 'hana22',
    dob: '19920304',
    hmeTelNo: '0215880000',
    postNo: '04524',
    baseAddr: '서울 중구 세종대로 110',
    dtlsAddr: '3층',
    empen: '220917',
  },
  {
    custId: 'J01A00077001',
    mbrNo: 'J0100000000903',
    mbrNm: 'Alex Kim',
    mbrId: 'alexk',
    dob: '19880715',
    hmeTelNo: '0517770000',
    postNo: '48058',
    baseAddr: '부산 해운대구 센텀중앙로 79',
    dtlsAddr: '12층',
    empen: '870031',
  },
] as const;

/** Client companies with their own point names. */
export const SANDBOX_COMPANIES = [
  { cmpyCd: 'C0001', name: '이제너두', pointName: '복지포인트', code: 'P001' },
  { cmpyCd: 'C0002', name: '한빛전자', pointName: '한빛포인트', code: 'P014' },
  { cmpyCd: 'C0003', name: '새솔제약', pointName: '새솔 행복머니', code: 'P027' },
] as const;

export type SandboxMember = (typeof SANDBOX_MEMBERS)[number];
/** How the fake answers the token: normally, refusing the partner's IP (403), or as already used (404). */
export type OtpOutcome = 'OK' | '403' | '404';

interface Issued {
  member: SandboxMember;
  cmpyCd: string;
  pointName: string;
  used: boolean;
  ipBlocked: boolean;
  expiresAt: number;
}

/** What the mall posted to the gate about a member (seed 002 fields 5–7), as CHECKURL receives them back. */
export interface PostedMember {
  cmpyCd: string;
  CFM_CUS_ID: string;
  userName: string;
}

export interface BenecafeFakeOptions {
  base?: string;
  now?: () => number;
  /** How long an issued token is valid (default 5 minutes). */
  tokenTtlMs?: number;
}

/**
 * Benecafe's OTP service (`/sso/vendorUserCertTonken`) as msw handlers, with
 * the document's rules: single-use tokens, resultCode OK / 400 (missing) /
 * 401 (invalid or expired) / 403 (IP not allowed) / 404 (used), answered as
 * HTTP 200 JSON. Also a CHECKURL membership check answering `Y`/`N`.
 */
export function createBenecafeFake(options: BenecafeFakeOptions = {}) {
  const base = options.base ?? BENECAFE_CERT;
  const now = options.now ?? Date.now;
  const ttl = options.tokenTtlMs ?? 5 * 60_000;
  const tokens = new Map<string, Issued>();
  const nonMembers = new Set<string>();
  /** Every member the mall posted, keyed by all three CHECKURL fields: the check answers Y only for one of them. */
  const posted = new Set<string>();
  const postedKey = (p: PostedMember) => JSON.stringify([p.cmpyCd, p.CFM_CUS_ID, p.userName]);
  const calls = { otp: 0, check: 0 };
  /** What CHECKURL received, in order (assertions compare it with what the mall posted). */
  const checks: PostedMember[] = [];
  const answer = (resultCode: string, message: string, resultMap?: unknown) =>
    HttpResponse.json({ resultCode, message, ...(resultMap ? { resultMap } : {}) });

  const handlers = [
    http.get(`${base}/sso/vendorUserCertTonken`, ({ request }) => {
      calls.otp += 1;
      const token = new URL(request.url).searchParams.get('otpTokenp');
      if (!token) return answer('400', 'OTP 토큰이 누락되었습니다.');
      const issued = tokens.get(token);
      if (!issued || issued.expiresAt <= now()) return answer('401', 'OTP 값이 유효하지 않습니다.');
      if (issued.ipBlocked) return answer('403', '허용된 아이피가 아닙니다.');
      if (issued.used) return answer('404', 'OTP 토큰이 이미 사용되었거나 일치하는 사용자가 없습니다.');
      issued.used = true;
      const m = issued.member;
      return answer('OK', 'OTP 토큰 인증 되었습니다.', {
        user: {
          ...m,
          vndrNo: 'VR000216',
          vndrItwkInfoNo: '302',
          otpToken: `${token.slice(0, 2)}${'*'.repeat(Math.max(0, token.length - 9))}${token.slice(-7)}`,
          agrDts: '2017-10-20 17:09:33.0',
          pntNm: issued.pointName,
          moblPntNm: issued.pointName,
        },
      });
    }),
    // CHECKURL: seed 002 names only the fields (cmpyCd, CFM_CUS_ID, userName) and the answer (Y/N). The POST, the
    // urlencoded body and the plain-text answer are assumptions (docs/assumptions.md); the fields must be what the mall posted.
    http.post(`${base}${CHECK_PATH}`, async ({ request }) => {
      calls.check += 1;
      const form = new URLSearchParams(await request.text());
      const got = { cmpyCd: form.get('cmpyCd') ?? '', CFM_CUS_ID: form.get('CFM_CUS_ID') ?? '', userName: form.get('userName') ?? '' };
      checks.push(got);
      const known = posted.has(postedKey(got)) && !nonMembers.has(got.CFM_CUS_ID);
      return new HttpResponse(known ? 'Y' : 'N', { headers: { 'Content-Type': 'text/plain' } });
    }),
  ];

  return {
    base,
    handlers,
    calls,
    checks,
    /**
     * Issues a one-time token for a member, as the welfare mall does before posting to a gate, and remembers what the
     * mall posts with it: cmpy_cd, CFM_CUS_ID (`memberKey`; the seed never says it equals the OTP answer's custId, so a
     * test may post another key) and USER_NAME.
     */
    issueToken(
      custId: string = SANDBOX_MEMBERS[0].custId,
      opts: { cmpyCd?: string; pointName?: string; outcome?: OtpOutcome; memberKey?: string } = {},
    ): string {
      const member = SANDBOX_MEMBERS.find((m) => m.custId === custId) ?? SANDBOX_MEMBERS[0];
      const company = SANDBOX_COMPANIES.find((c) => c.cmpyCd === opts.cmpyCd) ?? SANDBOX_COMPANIES[0];
      posted.add(postedKey({ cmpyCd: company.cmpyCd, CFM_CUS_ID: opts.memberKey ?? member.custId, userName: member.mbrNm }));
      const token = randomBytes(24).toString('hex');
      tokens.set(token, {
        member,
        cmpyCd: company.cmpyCd,
        pointName: opts.pointName ?? company.pointName,
        used: opts.outcome === '404',
        ipBlocked: opts.outcome === '403',
        expiresAt: now() + ttl,
      });
      return token;
    },
    /** Marks a posted customer key (CFM_CUS_ID) as no longer a member (CHECKURL answers N). */
    revokeMembership(memberKey: string) {
      nonMembers.add(memberKey);
    },
    isUsed(token: string) {
      return tokens.get(token)?.used ?? false;
    },
  };
}

export type BenecafeFake = ReturnType<typeof createBenecafeFake>;

let eucKr: Map<string, number[]> | undefined;
/** `복지포인트` as EUC-KR bytes read as Latin-1 (`º¹Áö…`): what a gate sees when the mall's charset is wrong. */
export function eucKrMojibake(text: string): string {
  if (!eucKr) {
    eucKr = new Map();
    const decoder = new TextDecoder('euc-kr');
    for (let lead = 0xb0; lead <= 0xc8; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) eucKr.set(decoder.decode(new Uint8Array([lead, trail])), [lead, trail]);
    }
  }
  const bytes = Array.from(text).flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : (eucKr!.get(ch) ?? [0x3f])));
  return String.fromCharCode(...bytes);
}
