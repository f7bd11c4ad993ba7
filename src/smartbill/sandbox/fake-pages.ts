import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AdapterContext } from '../../core/server/provider.ts';
import { SANDBOX_ENCRYPTION_KEY } from '../../core/sandbox/sandbox.ts';
import { SIGNUP_FIELDS, SMARTBILL_PAGES } from '../shared/schema.ts';

/** Sandbox defaults: the sandbox's fixed, public key (sandbox data is fake) and the fake pages as SmartBill's site. */
export const SANDBOX_SMARTBILL = {
  encryptionKey: SANDBOX_ENCRYPTION_KEY,
  site: 'sandbox/smartbill',
} as const;

/** What the fake sent, for tests (they check these secrets never leak). */
export function createSmartbillFake() {
  return {
    sent: [] as { url: string; body: Record<string, string>; status: number }[],
    /** Signups finished without sync (regYN=N): no callback was sent for them. */
    unsynced: [] as { comRegNo: string; pID: string; SBID: string }[],
    /** Issues the Open API credentials (the Open API fake, when the sandbox has one); random ones otherwise. */
    issueCredentials: undefined as ((comRegNo: string, sbid: string) => { AUTH_CODE: string; AUTH_TOKEN: string }) | undefined,
  };
}
export type SmartbillFake = ReturnType<typeof createSmartbillFake>;

const FIELDS = SIGNUP_FIELDS.map((f) => f[0]);
const LABELS: Record<string, string> = {
  pComRegNo: '사업자번호',
  pComName: '회사명',
  pComPresident: '대표자명',
  pComBizStatus: '업태',
  pComBizClass: '종목',
  pZipCode: '우편번호',
  pComAddress: '주소',
  pMIGRATIONFLAG: '회원연계코드',
  pMemName: '이름',
  pMemTel: '연락처',
  pMemHP: '휴대폰',
  pMemFax: '팩스',
  pMemEmail: '이메일',
  pMasterYN: '기업관리자여부',
  pID: 'ERP 사용자 ID',
};

const page = (title: string, step: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) =>
  html`<!doctype html>
    <html lang="ko">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} - 스마트빌 (샌드박스)</title>
        <style>
          body {
            font:
              15px/1.5 system-ui,
              sans-serif;
            margin: 0;
            background: #f3f6f9;
            color: #1b1f2a;
          }
          header {
            background: #b3301b; /* SmartBill red, darkened to 4.5:1 behind white text */
            color: #fff;
            padding: 0.8rem 1.2rem;
            font-weight: 700;
          }
          main {
            padding: 1.2rem;
            max-width: 560px;
          }
          .step {
            color: #4f5666;
            font-size: 0.85rem;
            margin: 0 0 0.5rem;
          }
          h1 {
            font-size: 1.15rem;
            margin: 0 0 1rem;
          }
          dl {
            display: grid;
            grid-template-columns: 9rem 1fr;
            gap: 0.25rem 0.75rem;
            margin: 0 0 1rem;
          }
          dt {
            color: #4f5666;
          }
          dd {
            margin: 0;
            word-break: break-all;
          }
          label {
            display: block;
            margin: 0.5rem 0;
          }
          input[type='text'],
          input[type='password'] {
            padding: 0.45rem;
            font: inherit;
            width: 100%;
            box-sizing: border-box;
            border: 1px solid #b8c0d0;
            border-radius: 4px;
          }
          button {
            margin-top: 1rem;
            padding: 0.6rem 1.2rem;
            font: inherit;
            font-weight: 600;
            background: #b3301b; /* 4.5:1 or more behind white text (SmartBill's own red is lighter) */
            color: #fff;
            border: 0;
            border-radius: 4px;
            cursor: pointer;
          }
          .note {
            color: #4f5666;
            font-size: 0.85rem;
          }
          .error {
            color: #b3261e;
          }
        </style>
      </head>
      <body>
        <header>SmartBill <small>(Sandbox · 샌드박스)</small></header>
        <main>
          <p class="step">${step}</p>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;

/** Seed 000's table, written out here apart from the shared schema (a wrong max there must not pass here): name → max. */
const SEED_MAX: Record<string, number> = {
  pComRegNo: 10,
  pComName: 200,
  pComPresident: 100,
  pComBizStatus: 100,
  pComBizClass: 100,
  pZipCode: 5,
  pComAddress: 300,
  pMIGRATIONFLAG: 50,
  pMemName: 100,
  pMemTel: 40,
  pMemHP: 40,
  pMemFax: 40,
  pMemEmail: 100,
  pMasterYN: 1,
  pID: 50,
};
/** Seed 000, 3-1, word for word. */
const ADMIN_LOGIN_NOTE =
  '기존 회원인 경우 별도의 신규 가입 절차 없이 기존 ID로 로그인 후 연동이 가능합니다. (관리자 ID로 로그인 해야만 요금제가 정상적으로 변경 됩니다.)';
const SEED_OPTIONAL = new Set(['pMemHP', 'pMemFax']);
const SEED_DASHED = new Set(['pMemTel', 'pMemHP', 'pMemFax']);

/**
 * What the fake refuses, from the seed's table only: a missing required field, a value over its `String(max)` (counted
 * in characters: the seed does not say, docs/assumptions.md) and a phone without a dash ("-포함").
 */
function refusedFields(form: Record<string, string>): [string, string][] {
  const out: [string, string][] = [];
  for (const [n, max] of Object.entries(SEED_MAX)) {
    const v = form[n] ?? '';
    if (!v && !SEED_OPTIONAL.has(n)) out.push([n, '필수']);
    else if (v.length > max) out.push([n, `최대 ${max}자`]);
    else if (v && SEED_DASHED.has(n) && !v.includes('-')) out.push([n, '- 포함']);
  }
  return out;
}

/** The posted signup fields, carried from page to page as hidden inputs (like SmartBill's ViewState). */
const hidden = (form: Record<string, string>, names: readonly string[]) =>
  names.map((n) => html`<input type="hidden" name="${n}" value="${form[n] ?? ''}" />`);

async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * SmartBill's simple-signup wizard, faked and served by the adapter under
 * `/sandbox/smartbill/` (same paths as SmartBill): it reads the posted form,
 * walks the seed's steps (company info → identity check & terms → login or
 * join), then POSTs the callback JSON to the adapter's own callback route, as
 * SmartBill does, and shows the certificate page.
 */
export function mountSmartbillPages(app: Hono, ctx: AdapterContext, fake: SmartbillFake): void {
  const base = '/sandbox/smartbill';
  const SIGNUP = `${base}${SMARTBILL_PAGES.signup}`;
  const STEP2 = `${base}/xMain/mb/shar_transfer/info_inpt02.aspx`;
  const STEP3 = `${base}/xMain/mb/shar_transfer/info_inpt03.aspx`;
  const STEP4 = `${base}/xMain/mb/shar_transfer/info_inpt04.aspx`;
  const rel = (path: string) => path.split('/').pop()!;
  const abs = (path: string) => `${ctx.config.basePath}${base}${path}`;

  app.post(SIGNUP, async (c) => {
    const form = await formOf(c);
    const refused = refusedFields(form);
    if (refused.length) {
      return c.html(
        page(
          '잘못된 요청',
          '1. 기본정보 전송',
          html`<p class="error" role="alert">
            잘못된 항목이 있습니다:
            <span id="refused">${refused.map(([n, why]) => `${n} (${why})`).join(', ')}</span>
          </p>`,
        ),
        400,
      );
    }
    return c.html(
      page(
        '회사정보 확인',
        '1. 기본정보 확인',
        html`<dl>
            ${FIELDS.map(
              (n) =>
                html`<dt>${LABELS[n]}</dt>
                  <dd data-field="${n}">${form[n] ?? ''}</dd>`,
            )}
          </dl>
          <form method="post" action="${rel(STEP2)}">${hidden(form, FIELDS)}<button>다음</button></form>`,
      ),
    );
  });

  app.post(STEP2, async (c) => {
    const form = await formOf(c);
    return c.html(
      page(
        '본인인증 · 약관동의',
        '2. 본인인증, 약관동의',
        html`<form method="post" action="${rel(STEP3)}">
          ${hidden(form, FIELDS)}
          <label
            ><input type="checkbox" name="verified" value="Y" required /> 휴대폰 본인인증 (샌드박스: 체크하면 인증된 것으로 처리)</label
          >
          <label><input type="checkbox" name="agree" value="Y" required /> 이용약관 및 개인정보 수집·이용에 동의합니다</label>
          <fieldset>
            <legend>기회원 여부</legend>
            <label><input type="radio" name="member" value="N" checked /> 신규 회원가입</label>
            <label><input type="radio" name="member" value="Y" /> 기존 스마트빌 회원 (로그인)</label>
          </fieldset>
          <fieldset>
            <legend>동기화 여부 (샌드박스: 스마트빌 쪽 설정을 흉내)</legend>
            <label><input type="radio" name="sync" value="Y" checked /> 동기화 (인증코드·인증토큰을 ERP로 call back)</label>
            <label><input type="radio" name="sync" value="N" /> 동기화하지 않음 (가입 완료 페이지에서 직접 처리)</label>
          </fieldset>
          <button>다음</button>
        </form>`,
      ),
    );
  });

  app.post(STEP3, async (c) => {
    const form = await formOf(c);
    if (form.verified !== 'Y' || form.agree !== 'Y') {
      return c.html(
        page('본인인증 · 약관동의', '2. 본인인증, 약관동의', html`<p class="error" role="alert">본인인증과 약관동의가 필요합니다.</p>`),
        400,
      );
    }
    const member = form.member === 'Y';
    return c.html(
      page(
        member ? '스마트빌 로그인' : '스마트빌 회원가입',
        member ? '3-1. 스마트빌 로그인' : '3-2. 스마트빌 회원가입',
        html`<form method="post" action="${rel(STEP4)}">
          ${hidden(form, [...FIELDS, 'sync'])} ${member ? html`<p id="admin-login-note" role="note">${ADMIN_LOGIN_NOTE}</p>` : ''}
          <label
            >스마트빌 ID
            <input type="text" name="SBID" value="${member ? '' : `sb_${form.pID ?? ''}`.slice(0, 30)}" required autocomplete="off"
          /></label>
          <label>비밀번호 <input type="password" name="password" required autocomplete="off" /></label>
          ${member ? '' : html`<p class="note">${form.pMemName} · ${form.pMemEmail} · ${form.pMemTel} (전송한 정보로 자동 입력)</p>`}
          <p class="note">샌드박스: 아무 값이나 입력하세요. 완료하면 인증코드·인증토큰이 ERP로 전송(call back)됩니다.</p>
          <button>${member ? '로그인' : '가입하기'}</button>
        </form>`,
      ),
    );
  });

  app.post(STEP4, async (c) => {
    const form = await formOf(c);
    if (!form.SBID || !form.password) {
      return c.html(
        page('스마트빌 로그인', '3. 로그인 또는 회원가입', html`<p class="error" role="alert">ID와 비밀번호를 입력해주세요.</p>`),
        400,
      );
    }
    const comRegNo = (form.pComRegNo ?? '').replace(/\D/g, '');
    // 4-2: no sync: no callback; SmartBill shows the page where the person creates the code, the token and the certificate.
    if (form.sync === 'N') {
      fake.unsynced.push({ comRegNo, pID: form.pID ?? '', SBID: form.SBID });
      return c.redirect(abs(SMARTBILL_PAGES.noSync), 303);
    }
    // 4-1: SmartBill's server calls the ERP's callback with the new credentials.
    const issued = fake.issueCredentials?.(comRegNo, form.SBID) ?? {
      AUTH_TOKEN: randomBytes(48).toString('base64'),
      AUTH_CODE: randomBytes(16).toString('hex').toUpperCase(),
    };
    const body = {
      COM_REGNO: comRegNo,
      AUTH_TOKEN: issued.AUTH_TOKEN,
      AUTH_CODE: issued.AUTH_CODE,
      Email: form.pMemEmail ?? '',
      pID: form.pID ?? '',
      SBID: form.SBID,
      regYn: 'Y',
    };
    const url = `${new URL(c.req.url).origin}${ctx.config.basePath}/smartbill/callback`;
    let status: number;
    try {
      const res = await globalThis.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
      });
      status = res.status;
      await res.body?.cancel();
    } catch {
      status = 0;
    }
    fake.sent.push({ url, body, status });
    const ok = status >= 200 && status < 300;
    // Same-window flow: the newest attempt for this company and user that asked for a way home gets a link back to the
    // ERP through the adapter's return route (operators ask SmartBill for the same on its last page).
    const back = await ctx.store.get<{ id: string }>(
      'SELECT id FROM smartbill_attempts WHERE com_regno = ? AND p_id = ? AND return_url IS NOT NULL ORDER BY created_at DESC LIMIT 1',
      [comRegNo, form.pID ?? ''],
    );
    const returnLink = back ? `${ctx.config.basePath}/smartbill/signups/${back.id}/return` : undefined;
    return c.html(
      page(
        '공인인증서 등록',
        '5. 공인인증서 등록',
        html`${
            ok
              ? html`<p role="status">인증코드 생성과 인증토큰 발급이 끝나 ERP로 전달되었습니다.</p>`
              : html`<p class="error" role="alert">
                  ERP 동기화(call back)에 실패했습니다 (HTTP ${status}). 추가 프로세스 페이지에서 진행해주세요.
                </p>`
          }
          <p class="note">샌드박스: 실제 인증서는 등록되지 않습니다.</p>
          <button type="button" onclick="document.querySelector('#done').hidden=false;this.disabled=true">인증서 등록</button>
          <p id="done" hidden role="status">
            인증서가 등록되었습니다. 창을 닫아도 됩니다. ${raw('<button type="button" onclick="window.close()">창 닫기</button>')}
          </p>
          ${returnLink ? html`<p><a id="return-to-erp" href="${returnLink}">ERP로 돌아가기 · Back to the ERP</a></p>` : ''}`,
      ),
    );
  });

  const info = (title: string, text: string) => (c: Context) =>
    c.html(
      page(
        title,
        '스마트빌 (샌드박스)',
        html`<p>${text}</p>
          <p class="note">※ 로그인 필요 (샌드박스에서는 생략)</p>`,
      ),
    );
  app.get(`${base}${SMARTBILL_PAGES.noSync}`, (c) =>
    c.html(
      page(
        '가입 완료',
        '4-2. 인증코드 생성, 인증토큰 발급 · 5. 공인인증서 등록',
        html`<p role="status">가입이 완료되었습니다. 동기화하지 않으므로 인증코드·인증토큰은 ERP로 전송되지 않습니다.</p>
          <ul>
            <li><a href="${abs(SMARTBILL_PAGES.authCode)}">인증코드 생성</a></li>
            <li><a href="${abs(SMARTBILL_PAGES.authToken)}">인증토큰 발급</a></li>
            <li><a href="${abs(SMARTBILL_PAGES.cert)}">공인인증서 등록</a></li>
          </ul>
          <p class="note">발급한 인증코드·인증토큰은 ERP 관리자가 어댑터에 직접 등록합니다 (PUT /server/smartbill/credentials).</p>`,
      ),
    ),
  );
  app.get(`${base}${SMARTBILL_PAGES.authCode}`, info('인증코드 생성', '인증코드를 생성합니다.'));
  app.get(`${base}${SMARTBILL_PAGES.authToken}`, info('인증토큰 발급', '인증토큰을 발급합니다.'));
  app.get(`${base}${SMARTBILL_PAGES.cert}`, info('인증서 등록', '공인인증서를 등록합니다.'));
  app.get(
    `${base}${SMARTBILL_PAGES.scrapeLogin}`,
    info('부서사용자 ID/PASS 등록', '홈택스 부서사용자 ID/PASS를 등록하면 스마트빌이 약 20분마다 세금계산서를 수집합니다.'),
  );
}
