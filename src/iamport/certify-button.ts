import { html, nothing, type PropertyDeclarations } from 'lit';
import { ErpElement } from '../core/erp-element.ts';
import { ErpError } from '../core/erp-error.ts';
import { maskName } from '../core/mask.ts';
import { certifyButtonStyles } from './certify-button.styles.ts';
import { type CertifyMessageKey, certifyMessages } from './certify-button.messages.ts';
import { IamportCertifySuccessEvent } from './events.ts';
import { isCertifyResult } from './guards.ts';
import type { CertifyResult } from './schema.ts';
import { IAMPORT_SDK_SRC, type IamportCertificationParams, type IamportCertificationResponse, loadIamportSdk, sdkReady } from './sdk.ts';

type Phase = 'idle' | 'loading-sdk' | 'certifying' | 'verifying' | 'verified' | 'failed';

// `popup` / `popup="true"` → true, `popup="false"` → false, absent → undefined (Iamport decides).
const popupConverter = (value: string | null) => (value === null ? undefined : value !== 'false');

/**
 * Iamport (PortOne V1) mobile identity verification (휴대폰 본인인증).
 * The SDK loads lazily (on hover, focus or the first click); `IMP.certification`
 * runs inside the click so no popup blocker stops it; the adapter then verifies
 * the `imp_uid` server-side. On the `m-redirect-url` page (mobile, `popup="false"`)
 * the element finishes the verification from the query string by itself.
 *
 * @fires iamport-certify-success - The adapter verified the person. `detail`: `CertifyResult`.
 * @fires iamport-certify-error - Any failure. `detail`: `{ code, message }`.
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
    phase: { state: true },
    result: { state: true },
  };

  /** Iamport merchant code (가맹점 식별코드), e.g. `imp12345678`. */
  declare merchantCode: string;
  /** PG for verification, e.g. `danal` or `inicis_unified`. */
  declare pg: string;
  /** Where the Iamport SDK comes from (the sandbox serves a fake one). */
  declare sdkSrc: string;
  /** `popup="false"` for the mobile redirect flow; absent lets Iamport decide. */
  declare popup: boolean | undefined;
  /** Page Iamport redirects to in the mobile flow (with imp_uid, merchant_uid, success). */
  declare mRedirectUrl: string;
  declare minAge: number | undefined;
  /** Prefill: the person's name, phone, carrier (SKT/KTF/LGT/MVNO), and the company name shown. */
  declare name: string;
  declare phone: string;
  declare carrier: string;
  declare company: string;
  /** Your order/request id; generated when absent. */
  declare merchantUid: string;
  declare private phase: Phase;
  declare private result: CertifyResult | undefined;

  constructor() {
    super();
    this.merchantCode = this.pg = this.mRedirectUrl = this.name = this.phone = this.carrier = this.company = this.merchantUid = '';
    this.sdkSrc = IAMPORT_SDK_SRC;
    this.phase = 'idle';
  }

  protected readonly messages = certifyMessages;
  protected readonly errorEvent = 'iamport-certify-error';

  override connectedCallback(): void {
    super.connectedCallback();
    this.resumeRedirect();
  }

  protected override messageKeyFor(code: string): string {
    // The adapter refused this imp_uid (used, not certified, other merchant_uid, unknown): verify again.
    return /^iamport_(imp_uid_used|not_certified|merchant_uid_mismatch|certification_not_found)$/.test(code) || code === 'invalid_request'
      ? 'retry'
      : super.messageKeyFor(code);
  }

  /** The verified person, once the adapter confirmed them. */
  get verified(): CertifyResult | undefined {
    return this.result;
  }

  private preload = () => {
    if (!sdkReady() && this.merchantCode) loadIamportSdk(this.sdkSrc).catch(() => undefined); // the click reports it
  };

  private async onClick() {
    if (this.busy) return;
    this.error = undefined;
    this.result = undefined;
    this.setState('done', false);
    if (!this.adapter) return this.failWith('missing_adapter');
    if (!this.merchantCode) return this.failWith('missing_merchant_code');
    const merchantUid = this.merchantUid || `cert_${crypto.randomUUID()}`;
    let sdk = sdkReady() ? window.IMP! : undefined;
    if (!sdk) {
      this.phase = 'loading-sdk';
      try {
        sdk = await this.whileBusy(() => loadIamportSdk(this.sdkSrc));
      } catch (err) {
        return this.failWith('sdk_load_failed', err);
      }
    }
    sdk.init(this.merchantCode);
    this.phase = 'certifying';
    this.busy = true;
    sdk.certification(this.params(merchantUid), (rsp) => void this.onCertification(rsp, merchantUid));
  }

  private params(merchantUid: string): IamportCertificationParams {
    const p: IamportCertificationParams = { merchant_uid: merchantUid };
    if (this.pg) p.pg = this.pg;
    if (this.popup !== undefined) p.popup = this.popup;
    if (this.mRedirectUrl) p.m_redirect_url = new URL(this.mRedirectUrl, document.baseURI).href;
    if (this.minAge !== undefined && !Number.isNaN(this.minAge)) p.min_age = this.minAge;
    if (this.name) p.name = this.name;
    if (this.phone) p.phone = this.phone;
    if (this.carrier) p.carrier = this.carrier;
    if (this.company) p.company = this.company;
    return p;
  }

  private async onCertification(rsp: IamportCertificationResponse, merchantUid: string) {
    this.busy = false;
    if (!rsp?.success || !rsp.imp_uid) {
      const reason = rsp?.error_msg || rsp?.error_code || this.t('unknown_error');
      return this.failWith('certification_failed', undefined, { reason });
    }
    await this.verify(rsp.imp_uid, rsp.merchant_uid || merchantUid);
  }

  private async verify(impUid: string, merchantUid: string) {
    this.phase = 'verifying';
    try {
      const result = await this.whileBusy(() =>
        this.request('iamport/certifications', isCertifyResult, { body: { imp_uid: impUid, merchant_uid: merchantUid } }),
      );
      this.result = result;
      this.phase = 'verified';
      this.setState('done', true);
      this.dispatchEvent(new IamportCertifySuccessEvent(result));
    } catch (err) {
      this.phase = 'failed';
      this.fail(err);
    }
  }

  /** Mobile flow: Iamport sent the person back here with the result in the query. */
  private resumeRedirect() {
    const query = new URLSearchParams(location.search);
    const impUid = query.get('imp_uid');
    const merchantUid = query.get('merchant_uid');
    if (!merchantUid || query.get('success') === null) return;
    // Drop the result from the address bar so a reload does not replay it.
    const clean = new URL(location.href);
    for (const k of ['imp_uid', 'merchant_uid', 'success', 'error_code', 'error_msg']) clean.searchParams.delete(k);
    history.replaceState(history.state, '', clean);
    if (!this.adapter) return this.failWith('missing_adapter');
    void this.onCertification(
      { success: query.get('success') === 'true', imp_uid: impUid, merchant_uid: merchantUid, error_msg: query.get('error_msg') },
      merchantUid,
    );
  }

  private failWith(key: CertifyMessageKey | 'missing_adapter', cause?: unknown, vars?: Record<string, string>) {
    this.phase = 'failed';
    this.busy = false;
    this.fail(new ErpError(key, key, undefined, { cause }), vars);
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
        ?disabled=${this.busy}
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
