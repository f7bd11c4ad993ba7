import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { html, raw } from 'hono/html';
import type { Logger } from '../../core/server/logger.ts';
import type { IamportFake } from './fake-api.ts';

const sdkSource = readFileSync(new URL('./iamport.js', import.meta.url), 'utf8');

/**
 * A redirect target or postMessage origin must be the sandbox's own origin or
 * one of `allowedOrigins` (the ERP pages): the sandbox is no open redirector,
 * and a result is never posted to a page that merely asked for it.
 */
export function safeTarget(url: string, own: string, allowed: ReadonlySet<string>): URL | undefined {
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && (u.origin === own || allowed.has(u.origin)) ? u : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The browser half of the Iamport sandbox, served by the adapter under
 * `/sandbox/iamport/`: the fake SDK and a certification page where a person
 * picks success, failure or cancel.
 */
export function mountIamportPages(app: Hono, fake: IamportFake, allowedOrigins: readonly string[] = [], logger?: Logger): void {
  const allowed = new Set(allowedOrigins);
  /**
   * The page that asked (the opener, or the redirect flow's return page) when the adapter does not allow its origin:
   * then no result may go to it, and it is told `origin_not_allowed` instead of waiting for a window that just closes.
   */
  const refusedOrigin = (q: Record<string, string | undefined>, own: string): string | undefined => {
    const asker = q.popup === '0' ? q.m_redirect_url : q.opener_origin;
    let origin: string;
    try {
      origin = new URL(asker ?? '').origin;
    } catch {
      return undefined;
    }
    return origin === own || allowed.has(origin) || origin === 'null' ? undefined : origin;
  };
  const logged = new Set<string>();
  const refuse = (c: Context, origin: string, merchantUid: string, popup: boolean) => {
    if (!logged.has(origin) && logged.size < 100) {
      logged.add(origin);
      logger?.warn('origin not allowed (add it to allowedOrigins)', { origin: origin.slice(0, 200), route: 'sandbox/iamport/certify' });
    }
    const rsp = {
      success: false,
      imp_uid: null,
      merchant_uid: merchantUid,
      error_code: 'origin_not_allowed',
      error_msg: `origin ${origin} is not in the adapter's allowedOrigins`,
    };
    // Carries no result, so any opener may read it ('*'): the sandbox never learned who may.
    const message = JSON.stringify({ type: 'iamport-sandbox-certification', rsp }).replace(/</g, '\\u003c');
    return c.html(
      html`<!doctype html>
        <html lang="ko">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>허용되지 않은 페이지 · Origin not allowed</title>
          </head>
          <body style="font:16px/1.6 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">
            <main>
              <h1 style="font-size:1.2rem">허용되지 않은 페이지 · Origin not allowed</h1>
              <p role="alert">
                어댑터가 ${origin} 페이지를 허용하지 않아 인증 결과를 보낼 수 없습니다. 어댑터 설정의 allowedOrigins에 추가하세요.<br /><span
                  lang="en"
                  >The adapter does not allow ${origin}, so no result can be sent to it. Add it to allowedOrigins in the adapter
                  config.</span
                >
              </p>
            </main>
            ${
              popup
                ? html`<script>
                    if (window.opener) window.opener.postMessage(${raw(message)}, '*');
                    window.close();
                  </script>`
                : ''
            }
          </body>
        </html>`,
      403,
    );
  };
  app.get('/sandbox/iamport/iamport.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(sdkSource);
  });

  app.get('/sandbox/iamport/certify', (c) => {
    const q = c.req.query();
    const refused = refusedOrigin(q, new URL(c.req.url).origin);
    if (refused) return refuse(c, refused, q.merchant_uid ?? '', q.popup !== '0');
    const field = (name: string) => html`<input type="hidden" name="${name}" value="${q[name] ?? ''}" />`;
    return c.html(
      html`<!doctype html>
        <html lang="ko">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>휴대폰 본인인증 (샌드박스)</title>
            <style>
              body {
                font:
                  15px/1.5 system-ui,
                  sans-serif;
                margin: 0;
                padding: 1.5rem;
                background: #f4f6fb;
                color: #1b1f2a;
              }
              h1 {
                font-size: 1.2rem;
                margin: 0 0 0.25rem;
              }
              p.note {
                color: #5a6275;
                margin: 0 0 1rem;
                font-size: 0.85rem;
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
                border: 1px solid #b8c0d0;
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
                border: 1px solid #2b59c3;
                cursor: pointer;
              }
              button[value='success'] {
                background: #2b59c3;
                color: #fff;
              }
              button[value='fail'] {
                background: #fff;
                color: #b3261e;
                border-color: #b3261e;
              }
              button[value='cancel'] {
                background: #fff;
                color: #1b1f2a;
                border-color: #8a93a6;
              }
            </style>
          </head>
          <body>
            <main>
              <h1>휴대폰 본인인증 <small>(Sandbox)</small></h1>
              <p class="note">아임포트 샌드박스입니다. 실제 인증은 이루어지지 않습니다. · Iamport sandbox: no real verification happens.</p>
              <form method="post" action="certify">
                ${['merchant_code', 'merchant_uid', 'pg', 'popup', 'm_redirect_url', 'opener_origin'].map(field)}
                <label for="name">이름 · Name</label>
                <input id="name" name="name" value="${q.name || '홍길동'}" autocomplete="off" />
                <label for="phone">휴대폰 번호 · Phone</label>
                <input id="phone" name="phone" value="${q.phone || '01012345678'}" inputmode="numeric" />
                <label for="carrier">통신사 · Carrier</label>
                <select id="carrier" name="carrier">
                  ${['SKT', 'KTF', 'LGT', 'MVNO'].map((v) => html`<option ${v === (q.carrier || 'SKT') ? raw('selected') : ''}>${v}</option>`)}
                </select>
                <label for="birthday">생년월일 · Birthday</label>
                <input id="birthday" name="birthday" value="1990-01-01" />
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

  app.post('/sandbox/iamport/certify', async (c) => {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      return c.json({ error: { code: 'invalid_request', message: 'the form body could not be read' } }, 400);
    }
    const own = new URL(c.req.url).origin;
    const s = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const merchantUid = s('merchant_uid');
    const refused = refusedOrigin({ popup: s('popup'), m_redirect_url: s('m_redirect_url'), opener_origin: s('opener_origin') }, own);
    if (refused) return refuse(c, refused, merchantUid, s('popup') !== '0');
    let rsp: { success: boolean; imp_uid: string | null; merchant_uid: string; error_code: string | null; error_msg: string | null };
    if (s('result') === 'success') {
      const cert = fake.addCertification({
        merchant_uid: merchantUid,
        name: s('name') || '홍길동',
        phone: s('phone').replace(/\D/g, '') || '01012345678',
        carrier: s('carrier') || 'SKT',
        birthday: /^\d{4}-\d{2}-\d{2}$/.test(s('birthday')) ? s('birthday') : '1990-01-01',
        pg_provider: s('pg').split('.')[0] || 'danal',
      });
      rsp = { success: true, imp_uid: cert.imp_uid, merchant_uid: merchantUid, error_code: null, error_msg: null };
    } else if (s('result') === 'fail') {
      rsp = {
        success: false,
        imp_uid: null,
        merchant_uid: merchantUid,
        error_code: 'F1001',
        error_msg: '[본인인증] 인증번호가 일치하지 않습니다.',
      };
    } else {
      rsp = { success: false, imp_uid: null, merchant_uid: merchantUid, error_code: 'F0000', error_msg: '본인인증을 취소하였습니다.' };
    }

    const redirect = s('popup') === '0' ? safeTarget(s('m_redirect_url'), own, allowed) : undefined;
    if (redirect) {
      redirect.searchParams.set('imp_uid', String(rsp.imp_uid ?? ''));
      redirect.searchParams.set('merchant_uid', merchantUid);
      redirect.searchParams.set('success', String(rsp.success));
      if (rsp.error_msg) redirect.searchParams.set('error_msg', String(rsp.error_msg));
      return c.redirect(redirect.toString(), 302);
    }
    const target = safeTarget(s('opener_origin'), own, allowed)?.origin ?? own;
    const message = JSON.stringify({ type: 'iamport-sandbox-certification', rsp }).replace(/</g, '\\u003c');
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
              if (window.opener) window.opener.postMessage(${raw(message)}, ${raw(JSON.stringify(target))});
              window.close();
            </script>
          </body>
        </html>`,
    );
  });
}
