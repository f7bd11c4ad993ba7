import type { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { AdapterContext } from '../../core/server/provider.ts';
import type { BenecafeConfig } from '../server/config-schema.ts';
import { type BenecafeFake, CHECK_PATH, eucKrMojibake, SANDBOX_COMPANIES, SANDBOX_MEMBERS } from './fake-api.ts';

const style = raw(`<style>
  body { font: 15px/1.5 system-ui, 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif; margin: 0; background: #f3f5f9; color: #1b1f2a; }
  header { background: #6a2c91; color: #fff; padding: 1rem 1.5rem; }
  header h1 { margin: 0; font-size: 1.2rem; }
  main { max-width: 40rem; margin: 1.5rem auto; padding: 1.25rem; background: #fff; border: 1px solid #d6dbe6; border-radius: 10px; }
  p.note { color: #4f5666; font-size: .9rem; }
  fieldset { border: 1px solid #d6dbe6; border-radius: 8px; margin: 0 0 1rem; }
  label { display: block; margin: .35rem 0; }
  select, input[type=text] { font: inherit; padding: .4rem; border: 1px solid #8a93a6; border-radius: 6px; width: 100%; box-sizing: border-box; }
  button { font: inherit; font-weight: 600; padding: .7rem 1.2rem; border-radius: 6px; border: 0; background: #6a2c91; color: #fff; cursor: pointer; }
</style>`);

const page = (title: string, body: unknown) =>
  html`<!doctype html>
    <html lang="ko">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        ${style}
      </head>
      <body>
        <header><h1>${title}</h1></header>
        <main>${body}</main>
      </body>
    </html>`;

/**
 * The browser half of the Benecafe sandbox under `/sandbox/benecafe/`: a fake
 * welfare mall (복리후생관) where a person picks a member, a company and a
 * route, which then POSTs Benecafe's gate form to this adapter; and a fake
 * point-balance popup (POPUPURL).
 */
export function mountBenecafePages(app: Hono, fake: BenecafeFake, ctx: AdapterContext, config: BenecafeConfig): void {
  const base = ctx.config.basePath;

  app.get('/sandbox/benecafe/mall', (c) => {
    const main = new URL(config.mainUrl, c.req.url);
    const direct = new URL(main);
    direct.searchParams.set('page', 'event');
    return c.html(
      page(
        '복리후생관 (샌드박스) · Welfare mall sandbox',
        html`<p class="note">
            이제너두 복리후생관을 흉내 낸 샌드박스입니다. 회원과 고객사를 고르고 제휴 서비스로 이동하세요. · A fake Benecafe welfare mall:
            pick a member and a company, then go to the partner.
          </p>
          <form method="post" action="mall">
            <fieldset>
              <legend>회원 · Member</legend>
              <label for="member">회원 선택 · Member</label>
              <select id="member" name="member">
                ${SANDBOX_MEMBERS.map((m) => html`<option value="${m.custId}">${m.mbrNm} (${m.custId})</option>`)}
              </select>
              <label for="company">고객사 · Company (포인트명 · point name)</label>
              <select id="company" name="company">
                ${SANDBOX_COMPANIES.map((co) => html`<option value="${co.cmpyCd}">${co.name} — ${co.pointName}</option>`)}
              </select>
              <label><input type="checkbox" name="receipt" value="Y" /> 현금영수증 신청 · Cash receipt</label>
            </fieldset>
            <fieldset>
              <legend>이동 경로 · Route</legend>
              <label><input type="radio" name="route" value="main" checked /> 메인 페이지 · Main page</label>
              <label><input type="radio" name="route" value="direct" /> 상세 페이지 (DirectFlag=Y) · Detail page</label>
              <label for="directUrl">DirectURL</label>
              <input type="text" id="directUrl" name="directUrl" value="${direct.href}" />
              <label><input type="radio" name="route" value="baro" /> 상품 바로가기 (BaroItem) · Product</label>
              <label for="baroItem">BaroItem</label>
              <input type="text" id="baroItem" name="baroItem" value="ITEM-20931" />
            </fieldset>
            <fieldset>
              <legend>장애 흉내 · Faults</legend>
              <label><input type="checkbox" name="garbled" value="1" /> 깨진 포인트명 (EUC-KR) · Garbled pointname</label>
              <label for="outcome">OTP 결과 · OTP result</label>
              <select id="outcome" name="outcome">
                <option value="OK">OK (정상 · success)</option>
                <option value="400">400 (토큰 누락 · missing)</option>
                <option value="401">401 (유효하지 않음 · invalid)</option>
                <option value="403">403 (허용되지 않은 IP · IP not allowed)</option>
                <option value="404">404 (이미 사용됨 · used)</option>
              </select>
            </fieldset>
            <button type="submit">제휴 서비스로 이동 · Go to the partner</button>
          </form>`,
      ),
    );
  });

  app.post('/sandbox/benecafe/mall', async (c) => {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      return c.json({ error: { code: 'invalid_request', message: 'the form body could not be read' } }, 400);
    }
    const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const member = SANDBOX_MEMBERS.find((m) => m.custId === s('member')) ?? SANDBOX_MEMBERS[0];
    const company = SANDBOX_COMPANIES.find((co) => co.cmpyCd === s('company')) ?? SANDBOX_COMPANIES[0];
    const outcome = s('outcome');
    const token =
      outcome === '400'
        ? ''
        : outcome === '401'
          ? 'not-a-token-0000'
          : fake.issueToken(member.custId, { cmpyCd: company.cmpyCd, outcome: outcome === '403' || outcome === '404' ? outcome : 'OK' });
    const route = s('route');
    // URL-safe Base64 without padding for one company: gates must tolerate both alphabets.
    const b64 = Buffer.from(company.pointName, 'utf8').toString(company.cmpyCd === 'C0002' ? 'base64url' : 'base64');
    const origin = new URL(c.req.url).origin;
    const fields: Record<string, string> = {
      POPUPURL: `${origin}${base}/sandbox/benecafe/points?cmpy=${company.cmpyCd}`,
      DirectFlag: route === 'direct' ? 'Y' : 'N',
      DirectURL: route === 'direct' ? s('directUrl') : '',
      CUS_URL: fake.base,
      cmpy_cd: company.cmpyCd,
      CFM_CUS_ID: member.custId,
      USER_NAME: member.mbrNm,
      ReceiptYN: s('receipt') === 'Y' ? 'Y' : 'N',
      pointname: s('garbled') ? eucKrMojibake(company.pointName) : company.pointName,
      pointnameBase64: b64,
      pointnamecode: company.code,
      BaroItem: route === 'baro' ? s('baroItem') : '',
      CHECKURL: `${fake.base}${CHECK_PATH}`,
      ranNum: '',
      otpToken: token,
    };
    return c.html(
      page(
        '제휴 서비스로 이동 중… · Going to the partner…',
        html`<form id="gate" method="post" action="${base}/benecafe/gate" accept-charset="utf-8">
            ${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}
            <p class="note">제휴사 GATE로 이동합니다. · Posting the gate form.</p>
            <button type="submit">계속 · Continue</button>
          </form>
          <script>
            document.getElementById('gate').submit();
          </script>`,
      ),
    );
  });

  app.get('/sandbox/benecafe/points', (c) => {
    const company = SANDBOX_COMPANIES.find((co) => co.cmpyCd === c.req.query('cmpy')) ?? SANDBOX_COMPANIES[0];
    return c.html(
      page(
        `${company.pointName} 조회 · Point balance`,
        html`<p>${company.name}</p>
          <p><strong>${company.pointName}</strong> 잔액 · balance: <strong>128,500P</strong></p>
          <button type="button" onclick="window.close()">닫기 · Close</button>`,
      ),
    );
  });
}
