import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { IdentityVerificationResponse } from '@portone/browser-sdk/v2';
import type { PortoneFake, PortonePg } from './fake-portone-api.ts';
import { safeTarget } from './fake-pages.ts';

const sdkSource = readFileSync(new URL('./portone-browser-sdk.js', import.meta.url), 'utf8');

/**
 * The browser half of the PortOne V2 sandbox under `/sandbox/portone/`: the fake browser SDK and a
 * verification page where a person picks the PG and success, failure or cancel. Opening the page
 * records the verification as READY, as PortOne does when its window opens.
 */
export function mountPortonePages(app: Hono, fake: PortoneFake, allowedOrigins: readonly string[] = []): void {
  const allowed = new Set(allowedOrigins);
  app.get('/sandbox/portone/browser-sdk.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(sdkSource);
  });

  app.get('/sandbox/portone/verify', (c) => {
    const q = c.req.query();
    if (q.storeId && q.identityVerificationId) fake.addReady({ storeId: q.storeId, id: q.identityVerificationId });
    const field = (name: string) => html`<input type="hidden" name="${name}" value="${q[name] ?? ''}" />`;
    return c.html(
      html`<!doctype html>
        <html lang="ko">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>본인인증 (PortOne V2 샌드박스)</title>
            <style>
              body {
                font:
                  16px/1.5 system-ui,
                  sans-serif;
                margin: 0;
                padding: 1.5rem;
                background: #f4f6fb;
                color: #1b1f2a;
                word-break: keep-all;
              }
              h1 {
                font-size: 1.2rem;
                margin: 0 0 0.25rem;
              }
              label {
                display: block;
                margin: 0.6rem 0 0.2rem;
                font-weight: 600;
              }
              input,
              select {
                width: 100%;
                box-sizing: border-box;
                padding: 0.5rem;
                font: inherit;
                border: 1px solid #6b7489;
                border-radius: 6px;
              }
              .actions {
                display: flex;
                gap: 0.5rem;
                margin-top: 1.25rem;
                flex-wrap: wrap;
              }
              button {
                flex: 1;
                padding: 0.7rem;
                font: inherit;
                font-weight: 600;
                border-radius: 6px;
                border: 1px solid #1f4aa8;
                cursor: pointer;
                background: #fff;
                color: #1b1f2a;
              }
              button[value='success'] {
                background: #1f4aa8;
                color: #fff;
              }
              button[value='fail'] {
                color: #a1251b;
                border-color: #a1251b;
              }
            </style>
          </head>
          <body>
            <main>
              <h1>휴대폰 본인인증 <small>(PortOne V2 Sandbox)</small></h1>
              <p>포트원 V2 샌드박스입니다. 실제 인증은 이루어지지 않습니다. · PortOne V2 sandbox: no real verification happens.</p>
              <form method="post" action="verify">
                ${['storeId', 'identityVerificationId', 'mode', 'redirectUrl', 'opener_origin'].map(field)}
                <label for="pg">본인인증 대행사 · Provider</label>
                <select id="pg" name="pg">
                  <option value="DANAL">다날 · Danal</option>
                  <option value="INICIS_UNIFIED">KG이니시스 통합인증 · KG Inicis (no DI)</option>
                </select>
                <label for="name">이름 · Name</label>
                <input id="name" name="name" value="${q.name || '홍길동'}" autocomplete="off" />
                <label for="phone">휴대폰 번호 · Phone</label>
                <input id="phone" name="phone" value="${q.phone || '01012345678'}" inputmode="numeric" />
                <label for="birthDate">생년월일 · Birth date</label>
                <input id="birthDate" name="birthDate" value="1990-01-01" />
                <div class="actions">
                  <button name="result" value="success">인증 성공 · Succeed</button>
                  <button name="result" value="fail">인증 실패 · Fail</button>
                  <button name="result" value="cancel">취소 · Cancel</button>
                </div>
              </form>
            </main>
          </body>
        </html>`,
    );
  });

  app.post('/sandbox/portone/verify', async (c) => {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      return c.json({ error: { code: 'invalid_request', message: 'the form body could not be read' } }, 400);
    }
    const own = new URL(c.req.url).origin;
    const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const storeId = s('storeId');
    const id = s('identityVerificationId');
    const response: IdentityVerificationResponse = {
      transactionType: 'IDENTITY_VERIFICATION',
      identityVerificationId: id,
      identityVerificationTxId: `sandbox-tx-${randomBytes(6).toString('hex')}`,
    };
    if (s('result') === 'success') {
      fake.addVerified({
        storeId,
        id,
        pg: (s('pg') === 'INICIS_UNIFIED' ? 'INICIS_UNIFIED' : 'DANAL') satisfies PortonePg,
        name: s('name') || '홍길동',
        phoneNumber: s('phone').replace(/\D/g, '') || '01012345678',
        birthDate: /^\d{4}-\d{2}-\d{2}$/.test(s('birthDate')) ? s('birthDate') : '1990-01-01',
      });
    } else if (s('result') === 'fail') {
      fake.addFailed({ storeId, id, reason: '인증번호가 일치하지 않습니다.', pgCode: 'F1001', pgMessage: '[본인인증] 인증번호 불일치' });
      Object.assign(response, {
        code: 'FAILURE_TYPE_PG',
        message: '본인인증에 실패했습니다.',
        pgCode: 'F1001',
        pgMessage: '[본인인증] 인증번호 불일치',
      });
    } else {
      Object.assign(response, { code: 'FAILURE_TYPE_PG', message: '사용자가 본인인증을 취소했습니다.' });
    }

    if (s('mode') === 'redirect') {
      const target = safeTarget(s('redirectUrl'), own, allowed);
      if (!target) return c.json({ error: { code: 'origin_not_allowed', message: 'redirectUrl is not on an allowed origin' } }, 400);
      for (const [k, v] of Object.entries(response)) if (typeof v === 'string') target.searchParams.set(k, v);
      return c.redirect(target.toString(), 302);
    }
    // A page the adapter does not allow gets no result, only the reason (no data leaves for an unknown origin).
    const target = safeTarget(s('opener_origin'), own, allowed)?.origin;
    const message = JSON.stringify(
      target
        ? { type: 'portone-sandbox-identity-verification', response }
        : {
            type: 'portone-sandbox-identity-verification',
            response: {
              ...response,
              identityVerificationTxId: '',
              code: 'origin_not_allowed',
              message: 'this page origin is not in allowedOrigins',
            },
          },
    ).replace(/</g, '\\u003c');
    return c.html(
      html`<!doctype html>
        <html lang="ko">
          <head>
            <meta charset="utf-8" />
            <title>본인인증 완료</title>
          </head>
          <body>
            <main><p>창을 닫는 중입니다… · Closing…</p></main>
            <script>
              if (window.opener) window.opener.postMessage(${raw(message)}, ${raw(JSON.stringify(target ?? '*'))});
              window.close();
            </script>
          </body>
        </html>`,
    );
  });
}
