import { html, nothing, type PropertyDeclarations } from 'lit';
import { adapterUrl, originNotAllowed } from '../../core/element/adapter-client.ts';
import { ErpElement } from '../../core/element/erp-element.ts';
import { currentUrlWithout, prefersRedirectFlow } from '../../core/element/environment.ts';
import { ErpError } from '../../core/element/erp-error.ts';
import { maskName } from '../../core/element/mask.ts';
import { certifyButtonStyles } from './certify-button.styles.ts';
import { type CertifyMessageKey, certifyMessages } from './certify-button.messages.ts';
import { IamportCertifySuccessEvent } from './events.ts';
import { isCertifyResult } from './guards.ts';
import type { CertifyResult } from '../shared/schema.ts';
import { IAMPORT_SDK_SRC, type IamportCertificationParams, type IamportCertificationResponse, loadIamportSdk, sdkReady } from './sdk.ts';
import {
  identityVerificationRequest,
  loadPortoneSdk,
  PORTONE_RESULT_PARAMS,
  PORTONE_SDK_SRC,
  type PortoneIdentityVerificationResponse,
  portoneSdk,
} from './portone-sdk.ts';
import { isPortoneIssued } from './guards.ts';

/** How long after a tap a window may still open in every engine: WebKit's limit across a script load is about 1 s. */
const TAP_WINDOW_MS = 800;

type Phase = 'idle' | 'loading-sdk' | 'certifying' | 'verifying' | 'verified' | 'failed' | 'cancelled';

/** What Iamport appends to `m_redirect_url`; dropped from the address bar and from the default return address. */
const RESULT_PARAMS = ['imp_uid', 'merchant_uid', 'success', 'error_code', 'error_msg'] as const;

/**
 * Iamport V1 has no code system for PG failures (SPEC §4): a cancel or a blocked window is recognised by its text
 * ("본인인증을 취소하였습니다", "팝업이 차단되었습니다", …), and by the sandbox's codes.
 */
function outcomeOf(rsp: IamportCertificationResponse): 'cancelled' | 'popup_blocked' | 'failed' {
  const text = `${rsp.error_code ?? ''} ${rsp.error_msg ?? ''}`;
  if (/팝업|popup/i.test(text) && /차단|block/i.test(text)) return 'popup_blocked';
  return /취소|cancel/i.test(text) ? 'cancelled' : 'failed';
}

// `popup` / `popup="true"` → true, `popup="false"` → false, absent → undefined (Iamport decides).
const popupConverter = (value: string | null) => (value === null ? undefined : value !== 'false');

/**
 * Iamport (PortOne V1) or PortOne V2 mobile identity verification (휴대폰 본인인증): V2 when `store-id` and
 * `channel-key` are set. Either way the adapter verifies server-side and the success event has one shape.
 * The SDK loads lazily (on hover, focus or the first click); `IMP.certification`
 * runs inside the click so no popup blocker stops it; the adapter then verifies
 * the `imp_uid` server-side. On the `m-redirect-url` page (mobile, `popup="false"`)
 * the element finishes the verification from the query string by itself.
 *
 * @fires {CertifyResult} iamport-certify-success - The adapter verified the person (`imp_uid`, name, birthday…; never CI/DI).
 * @fires {ErpErrorDetail} iamport-certify-error - Any failure: `{ code, message }`.
 * @slot - Button label (default "휴대폰 본인인증" / "Verify with mobile phone").
 * @csspart base - The wrapper; carries `aria-busy`.
 * @csspart button - The verify button.
 * @csspart spinner - Busy indicator inside the button.
 * @csspart status - Progress text (a polite live region).
 * @csspart result - The verified person.
 * @csspart error - The error message (role=alert).
 * @cssstate busy - A network wait or the SDK is under way.
 * @cssstate done - The adapter verified the person.
 * @cssprop --erp-widgets-color-primary - Button colour.
 * @cssprop --erp-widgets-color-success - Verified accent.
 * @cssprop --erp-widgets-color-danger - Error colour.
 * @cssprop --erp-widgets-radius - Corner radius.
 * @cssprop --erp-widgets-font-family - Font.
 */
export class IamportCertifyButton extends ErpElement<CertifyMessageKey> {
  static override styles = [...ErpElement.styles, certifyButtonStyles];
  static override properties: PropertyDeclarations = {
    ...ErpElement.properties,
    merchantCode: { attribute: 'merchant-code' },
    pg: {},
    sdkSrc: { attribute: 'sdk-src' },
    popup: { converter: popupConverter },
    mRedirectUrl: { attribute: 'm-redirect-url' },
    minAge: { attribute: 'min-age', type: Number },
    name: {},
    phone: {},
    carrier: {},
    company: {},
    merchantUid: { attribute: 'merchant-uid' },
    channelKey: { attribute: 'channel-key' },
    storeId: { attribute: 'store-id' },
    redirectUrl: { attribute: 'redirect-url' },
    phase: { state: true },
    result: { state: true },
  };

  /** Iamport merchant code (가맹점 식별코드), e.g. `imp12345678`. */
  declare merchantCode: string;
  /** PG for verification, e.g. `danal` or `inicis_unified`. */
  declare pg: string;
  /** Where the Iamport SDK comes from (the sandbox serves a fake one). */
  declare sdkSrc: string;
  /**
   * `popup="false"` for the redirect flow, `popup` for a window. Absent: automatic — the redirect flow in in-app
   * browsers (KakaoTalk, Naver, Instagram, Facebook, Line) and mobile web views, where popups fail; otherwise Iamport's
   * own default.
   */
  declare popup: boolean | undefined;
  /** Page Iamport redirects to in the redirect flow (with imp_uid, merchant_uid, success); default: this page. */
  declare mRedirectUrl: string;
  declare minAge: number | undefined;
  /** Prefill: the person's name, phone, carrier (SKT/KTF/LGT/MVNO), and the company name shown. */
  declare name: string;
  declare phone: string;
  declare carrier: string;
  declare company: string;
  /** Your order/request id; generated when absent. */
  declare merchantUid: string;
  /** PortOne console's channel key (결제 연동 → 채널 관리). V1: replaces `pg`. With `store-id`: PortOne V2. */
  declare channelKey: string;
  /** PortOne V2 store id (`store-…`); with `channel-key` the button uses PortOne V2. */
  declare storeId: string;
  /** V2: the page PortOne returns to in redirect mode (phones, in-app browsers); default: this page. */
  declare redirectUrl: string;
  declare private phase: Phase;
  declare private result: CertifyResult | undefined;

  constructor() {
    super();
    this.merchantCode = this.pg = this.mRedirectUrl = this.name = this.phone = this.carrier = this.company = this.merchantUid = '';
    this.channelKey = this.storeId = this.redirectUrl = this.sdkSrc = '';
    this.phase = 'idle';
  }

  protected readonly messages = certifyMessages;
  protected readonly errorEvent = 'iamport-certify-error';

  override connectedCallback(): void {
    super.connectedCallback();
    this.resumeRedirect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.visibility?.disconnect();
  }

  /** Preload the SDK once the button is on screen, so the click rarely waits for it (a wait can cost the popup). */
  private visibility?: IntersectionObserver;
  protected override firstUpdated(): void {
    if (typeof IntersectionObserver !== 'function') return;
    this.visibility = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.visibility?.disconnect();
      this.preload();
    });
    this.visibility.observe(this);
  }

  protected override pageRestored(): void {
    super.pageRestored();
    // Back from the redirect flow, or an in-app browser resuming: the window's answer will never come.
    if (this.phase === 'loading-sdk' || this.phase === 'certifying') this.phase = 'idle';
  }

  /** The SDK was still loading when this click came: a browser may then block the window (the click's activation expired). */
  private loadedDuringClick = false;

  protected override messageKeyFor(code: string): string {
    if (code === 'popup_blocked' && this.loadedDuringClick) return 'popup_blocked_retry';
    // The adapter refused this imp_uid (used, not certified, other merchant_uid, unknown): verify again.
    if (code === 'portone_not_verified') return 'certification_cancelled';
    if (code === 'portone_verification_failed') return 'portone_verification_failed';
    if (code === 'portone_credentials_rejected' || code === 'portone_store_mismatch') return 'iamport_credentials_rejected';
    return /^iamport_(imp_uid_used|not_certified|merchant_uid_mismatch|certification_not_found)$/.test(code) ||
      /^portone_verification_(unknown|not_found)$/.test(code) ||
      code === 'invalid_request'
      ? 'retry'
      : super.messageKeyFor(code);
  }

  /** The verified person, once the adapter confirmed them. */
  get verified(): CertifyResult | undefined {
    return this.result;
  }

  /** V2 when both PortOne V2 attributes are set; V1 otherwise. */
  private get isV2(): boolean {
    return !!(this.storeId && this.channelKey);
  }

  private get sdkUrl(): string {
    return this.sdkSrc || (this.isV2 ? PORTONE_SDK_SRC : IAMPORT_SDK_SRC);
  }

  private preload = () => {
    if (this.isV2) return this.preloadV2();
    if (!sdkReady() && this.merchantCode) loadIamportSdk(this.sdkUrl).catch(() => undefined); // the click reports it
  };

  private async onClick() {
    if (this.busy) return;
    this.error = undefined;
    this.result = undefined;
    this.setState('done', false);
    if (!this.adapter) return this.failWith('missing_adapter');
    if (this.isV2) return this.clickV2();
    if (!this.merchantCode) return this.failWith('missing_merchant_code');
    // 37 characters: within the 1–40 the adapter accepts for merchant_uid.
    const merchantUid = this.merchantUid || `cert_${crypto.randomUUID().replaceAll('-', '')}`;
    let sdk = sdkReady() ? window.IMP! : undefined;
    this.loadedDuringClick = !sdk;
    if (!sdk) {
      this.phase = 'loading-sdk';
      const tapped = performance.now();
      try {
        sdk = await this.whileBusy(() => loadIamportSdk(this.sdkUrl));
      } catch (err) {
        return this.failWith('sdk_load_failed', err);
      }
      // WebKit (Safari) lets a tap open a window across a script load for about a second only (Chromium and Firefox
      // for 5 s): past that, ask for one more tap instead of opening a window the browser would block.
      if (performance.now() - tapped > TAP_WINDOW_MS) {
        this.phase = 'idle';
        this.notice('press_again');
        return void this.moveFocusTo('button');
      }
    }
    sdk.init(this.merchantCode);
    this.phase = 'certifying';
    this.busy = true;
    try {
      sdk.certification(this.params(merchantUid), (rsp) => void this.onCertification(rsp, merchantUid));
    } catch (err) {
      this.failWith('certification_failed', err, { reason: (err as Error)?.message ?? '' });
    }
  }

  private params(merchantUid: string): IamportCertificationParams {
    const p: IamportCertificationParams = { merchant_uid: merchantUid };
    if (this.pg) p.pg = this.pg;
    if (this.channelKey) p.channelKey = this.channelKey;
    if (this.popup !== undefined) p.popup = this.popup;
    else if (prefersRedirectFlow()) p.popup = false;
    // Iamport needs a return address whenever it redirects (mobile default); without one the person is stranded.
    p.m_redirect_url = this.mRedirectUrl ? new URL(this.mRedirectUrl, document.baseURI).href : currentUrlWithout(RESULT_PARAMS);
    if (this.minAge !== undefined && !Number.isNaN(this.minAge)) p.min_age = this.minAge;
    if (this.name) p.name = this.name;
    if (this.phone) p.phone = this.phone;
    if (this.carrier) p.carrier = this.carrier;
    if (this.company) p.company = this.company;
    return p;
  }

  private async onCertification(rsp: IamportCertificationResponse, merchantUid: string) {
    this.busy = false;
    if (rsp?.error_code === 'origin_not_allowed') {
      // The sandbox's verification page refuses to send a result to a page the adapter does not allow.
      this.phase = 'failed';
      this.fail(originNotAllowed(adapterUrl(this.adapter || '.', '')));
      return void this.moveFocusTo('button');
    }
    if (!rsp?.success || !rsp.imp_uid) {
      const outcome = rsp ? outcomeOf(rsp) : 'failed';
      if (outcome === 'cancelled') {
        this.phase = 'cancelled';
        this.notice('certification_cancelled');
      } else if (outcome === 'popup_blocked') {
        this.failWith('popup_blocked');
      } else {
        // The PG's own text is Korean: Korean pages show it, every page gets it in the event's detail.
        const reason = rsp?.error_msg || rsp?.error_code || this.t('unknown_error');
        this.failWith('certification_failed', undefined, { reason }, { providerCode: rsp?.error_code ?? '', providerMessage: reason });
      }
      // The window closed: focus goes back to the trigger.
      return void this.moveFocusTo('button');
    }
    await this.verify(rsp.imp_uid, rsp.merchant_uid || merchantUid);
  }

  private verify(impUid: string, merchantUid: string) {
    return this.confirm('iamport/certifications', { imp_uid: impUid, merchant_uid: merchantUid });
  }

  /** The adapter checks the result with the provider; only its answer counts. */
  private async confirm(path: string, body: Record<string, string>) {
    this.phase = 'verifying';
    try {
      const result = await this.whileBusy(() => this.request(path, isCertifyResult, { body }));
      this.result = result;
      this.phase = 'verified';
      this.setState('done', true);
      this.dispatchEvent(new IamportCertifySuccessEvent(result));
      void this.moveFocusTo('[part=result]');
    } catch (err) {
      this.phase = 'failed';
      this.fail(err);
      void this.moveFocusTo('button');
    }
  }

  // --- PortOne V2 ---------------------------------------------------------------------------------------------

  /** The id for the next click, minted by the adapter before the click so the click calls PortOne at once. */
  private nextId?: Promise<string>;

  private mintId(): Promise<string> {
    this.nextId ??= this.request('iamport/v2/identity-verifications', isPortoneIssued, { body: { storeId: this.storeId } }).then(
      (r) => r.identityVerificationId,
      (err: unknown) => {
        this.nextId = undefined; // the click asks again and reports the error
        throw err;
      },
    );
    return this.nextId;
  }

  private preloadV2() {
    if (!portoneSdk()) loadPortoneSdk(this.sdkUrl).catch(() => undefined);
    if (this.adapter) this.mintId().catch(() => undefined);
  }

  private async clickV2() {
    let sdk = portoneSdk();
    let id: string;
    this.loadedDuringClick = !sdk;
    this.phase = 'loading-sdk';
    try {
      [sdk, id] = await this.whileBusy(() => Promise.all([sdk ?? loadPortoneSdk(this.sdkUrl), this.mintId()]));
    } catch (err) {
      this.phase = 'failed';
      return err instanceof ErpError ? this.fail(err) : this.failWith('sdk_load_failed', err);
    }
    this.nextId = undefined; // one attempt per id; the next click gets a fresh one
    this.phase = 'certifying';
    this.busy = true;
    let rsp: PortoneIdentityVerificationResponse | undefined;
    try {
      rsp = await sdk.requestIdentityVerification(
        identityVerificationRequest({
          storeId: this.storeId,
          identityVerificationId: id,
          channelKey: this.channelKey,
          redirectUrl: new URL(this.redirectUrl || this.mRedirectUrl || currentUrlWithout(PORTONE_RESULT_PARAMS), document.baseURI).href,
          popup: this.popup,
          forceRedirect: prefersRedirectFlow(),
          minAge: this.minAge,
          name: this.name,
          phone: this.phone,
          carrier: this.carrier,
        }),
      );
    } catch (err) {
      return this.failWith('certification_failed', err, { reason: (err as Error)?.message ?? '' });
    }
    if (rsp) await this.onPortoneResponse(rsp);
  }

  /** PortOne's answer (from the promise, or from the query after a redirect). A `code` means it did not succeed. */
  private async onPortoneResponse(rsp: PortoneIdentityVerificationResponse) {
    this.busy = false;
    if (rsp.code) {
      if (rsp.code === 'origin_not_allowed') this.failWith('origin_not_allowed');
      else if (/POPUP_BLOCKED/i.test(rsp.code)) this.failWith('popup_blocked');
      else if (/취소|cancel/i.test(`${rsp.message ?? ''} ${rsp.pgMessage ?? ''}`)) {
        this.phase = 'cancelled';
        this.notice('certification_cancelled');
      } else this.failWith('certification_failed', undefined, { reason: rsp.pgMessage || rsp.message || rsp.code });
      return void this.moveFocusTo('button');
    }
    await this.confirm(`iamport/v2/identity-verifications/${encodeURIComponent(rsp.identityVerificationId)}/verify`, {});
  }

  /** Mobile flow: Iamport (or PortOne V2) sent the person back here with the result in the query. */
  private resumeRedirect() {
    const query = new URLSearchParams(location.search);
    const v2Id = query.get('identityVerificationId');
    if (v2Id && query.get('transactionType') === 'IDENTITY_VERIFICATION') {
      history.replaceState(history.state, '', currentUrlWithout(PORTONE_RESULT_PARAMS));
      if (!this.adapter) return this.failWith('missing_adapter');
      const rsp: PortoneIdentityVerificationResponse = {
        transactionType: 'IDENTITY_VERIFICATION',
        identityVerificationId: v2Id,
        identityVerificationTxId: query.get('identityVerificationTxId') ?? '',
      };
      for (const k of ['code', 'message', 'pgCode', 'pgMessage'] as const) {
        const v = query.get(k);
        if (v) rsp[k] = v;
      }
      // In a later task: the page's own scripts (which set `token`/`tokenProvider`) run after the element upgraded.
      setTimeout(() => void this.onPortoneResponse(rsp), 0);
      return;
    }
    const impUid = query.get('imp_uid');
    const merchantUid = query.get('merchant_uid');
    if (!merchantUid || query.get('success') === null) return;
    // Drop the result from the address bar so a reload does not replay it.
    history.replaceState(history.state, '', currentUrlWithout(RESULT_PARAMS));
    if (!this.adapter) return this.failWith('missing_adapter');
    const result = {
      success: query.get('success') === 'true',
      imp_uid: impUid,
      merchant_uid: merchantUid,
      error_msg: query.get('error_msg'),
    };
    // In a later task: the page's own scripts (which set `token`/`tokenProvider`) run after the element upgraded.
    setTimeout(() => void this.onCertification(result, merchantUid), 0);
  }

  private failWith(
    key: CertifyMessageKey | 'missing_adapter' | 'popup_blocked' | 'origin_not_allowed',
    cause?: unknown,
    vars?: Record<string, string>,
    data?: Record<string, string>,
  ) {
    this.phase = 'failed';
    this.busy = false;
    this.fail(new ErpError(key, key, undefined, { cause, data }), vars);
  }

  private statusText(): string {
    const key = ({ 'loading-sdk': 'loading_sdk', certifying: 'certifying', verifying: 'verifying' } as const)[this.phase as 'certifying'];
    return key ? this.t(key) : '';
  }

  override render() {
    const r = this.result;
    return html`<div part="base" aria-busy=${this.busy ? 'true' : 'false'}>
      <button
        part="button"
        type="button"
        aria-disabled=${this.busy ? 'true' : 'false'}
        @click=${this.onClick}
        @pointerenter=${this.preload}
        @focus=${this.preload}
      >
        ${this.renderSpinner()}<slot>${r ? this.t('again') : this.t('label')}</slot>
      </button>
      <p class="status" part="status" role="status" aria-live="polite">${this.statusText()}</p>
      ${
        r
          ? html`<div class="result" part="result">
              <strong>${this.t('verified')}</strong>
              ${r.name ? html`<div>${maskName(r.name)}</div>` : nothing}
              <dl>
                ${
                  r.birthday
                    ? html`<dt>${this.t('birthday')}</dt>
                        <dd>${r.birthday}</dd>`
                    : nothing
                }
                ${
                  r.phone_masked
                    ? html`<dt>${this.t('phone')}</dt>
                        <dd>${r.phone_masked}</dd>`
                    : nothing
                }
              </dl>
            </div>`
          : nothing
      }
      ${this.renderError()}
    </div>`;
  }
}
