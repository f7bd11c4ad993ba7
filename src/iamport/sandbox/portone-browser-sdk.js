/*
 * Sandbox stand-in for https://cdn.portone.io/v2/browser-sdk.js: the same
 * window.PortOne.requestIdentityVerification(request) → Promise<response>,
 * opening the adapter's fake verification page instead of a PG window.
 * A popup result arrives by postMessage; in redirect mode the page returns to
 * redirectUrl with the response's keys as query parameters, as PortOne does.
 */
// Typed against the SDK surface the element uses (src/iamport/element/portone-sdk.ts).
/** @typedef {import('../element/portone-sdk.ts').PortoneIdentityVerificationRequest} PortoneRequest */
/** @typedef {import('../element/portone-sdk.ts').PortoneIdentityVerificationResponse} PortoneResponse */
(function () {
  'use strict';
  var script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  var base = new URL('./', script ? script.src : location.href).href;
  var pageOrigin = new URL(base).origin;

  /**
   * @param {Partial<PortoneRequest> | undefined} request
   * @param {string} code
   * @param {string} message
   * @returns {PortoneResponse}
   */
  function failure(request, code, message) {
    return {
      transactionType: /** @type {const} */ ('IDENTITY_VERIFICATION'),
      identityVerificationId: (request && request.identityVerificationId) || '',
      identityVerificationTxId: '',
      code: code,
      message: message,
    };
  }

  function isMobile() {
    return /Mobi|Android|iPhone|iPad/.test(navigator.userAgent);
  }

  /**
   * @param {PortoneRequest} request
   * @returns {Promise<PortoneResponse | undefined>}
   */
  function requestIdentityVerification(request) {
    request = request || /** @type {PortoneRequest} */ ({});
    if (!request.storeId || !request.identityVerificationId) {
      return Promise.resolve(failure(request, 'REQUEST_PARSE_FAILED', 'storeId와 identityVerificationId는 필수입니다.'));
    }
    var windowType = (request.windowType && (isMobile() ? request.windowType.mobile : request.windowType.pc)) || 'POPUP';
    var redirect = request.forceRedirect || windowType === 'REDIRECTION';
    if (redirect && !request.redirectUrl) {
      return Promise.resolve(failure(request, 'REQUEST_PARSE_FAILED', '리디렉션 방식에는 redirectUrl이 필요합니다.'));
    }
    var c = request.customer || {};
    var danal = (request.bypass && request.bypass.danal) || {};
    var query = new URLSearchParams({
      storeId: request.storeId,
      identityVerificationId: request.identityVerificationId,
      channelKey: request.channelKey || '',
      mode: redirect ? 'redirect' : 'popup',
      redirectUrl: redirect ? (request.redirectUrl ?? '') : '',
      name: c.fullName || '',
      phone: c.phoneNumber || '',
      ageLimit: danal.AGELIMIT != null ? String(danal.AGELIMIT) : '',
      opener_origin: location.origin,
    });
    var url = base + 'verify?' + query.toString();
    if (redirect) {
      location.href = url;
      return new Promise(function () {}); // the page unloads
    }
    var win = window.open(url, 'portone_identity_verification', 'width=440,height=680');
    if (!win) return Promise.resolve(failure(request, 'POPUP_BLOCKED', '팝업이 차단되었습니다. 팝업 차단을 해제해주세요.'));
    return new Promise(function (resolve) {
      var settled = false;
      /** @param {PortoneResponse} response */
      function settle(response) {
        if (settled) return;
        settled = true;
        window.removeEventListener('message', onMessage);
        clearInterval(timer);
        resolve(response);
      }
      /** @param {MessageEvent} event */
      function onMessage(event) {
        if (event.origin !== pageOrigin || event.source !== win) return;
        var data = event.data;
        if (!data || data.type !== 'portone-sandbox-identity-verification') return;
        settle(data.response);
      }
      window.addEventListener('message', onMessage);
      var timer = setInterval(function () {
        if (win && !win.closed) return;
        clearInterval(timer);
        // The result message may still be queued behind the close: give it a moment.
        setTimeout(function () {
          settle(failure(request, 'FAILURE_TYPE_PG', '사용자가 본인인증을 취소했습니다.'));
        }, 400);
      }, 300);
    });
  }

  // @portone/browser-sdk (a dev dependency) types `window.PortOne` as the whole SDK; the sandbox has this one call.
  /** @type {{ PortOne?: import('../element/portone-sdk.ts').PortoneSdk }} */ (/** @type {unknown} */ (window)).PortOne = {
    requestIdentityVerification: requestIdentityVerification,
  };
})();
