/*
 * Sandbox stand-in for https://cdn.iamport.kr/v1/iamport.js: the same
 * IMP.init / IMP.certification surface, opening the adapter's fake
 * certification page instead of a real PG window.
 */
// Typed against the SDK surface the elements use (src/iamport/element/sdk.ts).
/** @typedef {import('../element/sdk.ts').IamportCertificationParams} CertParams */
/** @typedef {import('../element/sdk.ts').IamportCertificationResponse} CertResponse */
(function () {
  'use strict';
  var script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  var base = new URL('./', script ? script.src : location.href).href;
  var pageOrigin = new URL(base).origin;
  /** @type {string | null} */
  var merchantCode = null;

  /**
   * @param {(rsp: CertResponse) => void} cb
   * @param {string} merchantUid
   * @param {string} code
   * @param {string} msg
   */
  function fail(cb, merchantUid, code, msg) {
    cb({ success: false, imp_uid: null, merchant_uid: merchantUid, error_code: code, error_msg: msg });
  }

  window.IMP = {
    init: function (code) {
      merchantCode = code;
    },
    certification: function (params, cb) {
      params = params || /** @type {CertParams} */ ({});
      cb = typeof cb === 'function' ? cb : function () {};
      var merchantUid = params.merchant_uid || 'sandbox_' + Date.now();
      if (!merchantCode) return fail(cb, merchantUid, 'F400', 'IMP.init()을 먼저 호출해주세요.');
      var query = new URLSearchParams({
        merchant_code: merchantCode,
        merchant_uid: merchantUid,
        pg: params.pg || '',
        name: params.name || '',
        phone: params.phone || '',
        carrier: params.carrier || '',
        company: params.company || '',
        min_age: params.min_age != null ? String(params.min_age) : '',
        popup: params.popup === false ? '0' : '1',
        m_redirect_url: params.m_redirect_url || '',
        opener_origin: location.origin,
      });
      var url = base + 'certify?' + query.toString();
      if (params.popup === false && params.m_redirect_url) {
        location.href = url;
        return;
      }
      var win = window.open(url, 'iamport_certification', 'width=440,height=680');
      if (!win) return fail(cb, merchantUid, 'F0001', '팝업이 차단되었습니다. 팝업 차단을 해제해주세요.');
      var settled = false;
      /** @param {CertResponse} rsp */
      function settle(rsp) {
        if (settled) return;
        settled = true;
        window.removeEventListener('message', onMessage);
        clearInterval(timer);
        cb(rsp);
      }
      /** @param {MessageEvent} event */
      function onMessage(event) {
        if (event.origin !== pageOrigin || event.source !== win) return;
        var data = event.data;
        if (!data || data.type !== 'iamport-sandbox-certification') return;
        settle(data.rsp);
      }
      window.addEventListener('message', onMessage);
      var timer = setInterval(function () {
        if (win && !win.closed) return;
        // The result message may still be queued behind the close: give it a moment.
        setTimeout(function () {
          fail(settle, merchantUid, 'F0000', '본인인증을 취소하였습니다.');
        }, 400);
        clearInterval(timer);
      }, 300);
    },
  };
})();
