import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
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
import {
  IAMPORT_SDK_SRC,
  type IamportCertificationParams,
  type IamportCertificationResponse,
  loadIamportSdk,
  PORTONE_SDK_SRC,
  sdkReady,
} from './sdk.ts';
import { isPortoneIssued } from './guards.ts';
import { loadScript } from '../../core/element/script-loader.ts';
import type { PortoneDeps, PortoneHost } from './portone-v2.ts';

/** What the lazily loaded PortOne V2 flow borrows from this bundle (portone-v2.ts imports nothing at run time). */
const portoneDeps: PortoneDeps = { loadScript, currentUrlWithout, prefersRedirectFlow, ErpError, isPortoneIssued };
let portoneFlow: Promise<typeof import('./portone-v2.ts')> | undefined;

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

/** The attributes that decide what `preload` fetches. */
const PRELOAD_INPUTS = ['storeId', 'channelKey', 'sdkSrc', 'merchantCode', 'adapter'] as const;

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
  private seen = false;
  protected override firstUpdated(): void {
    if (typeof IntersectionObserver !== 'function') return;
    this.visibility = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.visibility?.disconnect();
      this.seen = true;
      void this.preload();
    });
    this.visibility.observe(this);
  }

  /** A page that sets the provider attributes after the button came on screen (V1 → V2, another SDK) preloads again. */
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.seen && PRELOAD_INPUTS.some((k) => changed.has(k))) void this.preload();
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

  // --- PortOne V2 (portone-v2.ts, loaded on first use) --------------------------------------------------------

  private portone(
    run: (flow: typeof import('./portone-v2.ts'), host: PortoneHost) => unknown,
    onLoadError = (err: unknown) => this.failWith('sdk_load_failed', err),
  ): Promise<unknown> {
    portoneFlow ??= import('./portone-v2.ts').catch((err: unknown) => {
      portoneFlow = undefined; // a later click loads it again
      throw err;
    });
    return portoneFlow.then((flow) => run(flow, this as unknown as PortoneHost), onLoadError);
  }

  private preloadV2() {
    return this.portone(
      (flow, host) => flow.preload(host, portoneDeps),
      () => undefined, // the click reports it
    );
  }

  private clickV2() {
    this.loadedDuringClick = !portoneFlow; // a wait can cost the popup (the flow adds the SDK's own wait)
    this.phase = 'loading-sdk';
    this.busy = true;
    return this.portone((flow, host) => flow.click(host, portoneDeps));
  }

  /** Mobile flow: Iamport (or PortOne V2) sent the person back here with the result in the query. */
  private resumeRedirect() {
    const query = new URLSearchParams(location.search);
    if (query.get('identityVerificationId') && query.get('transactionType') === 'IDENTITY_VERIFICATION') {
      return void this.portone((flow, host) => flow.resume(host, portoneDeps, query));
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
