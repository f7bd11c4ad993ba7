import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { cookiesWithheldHere } from '../../core/element/environment.ts';
import { ErpElement } from '../../core/element/erp-element.ts';
import { ErpError } from '../../core/element/erp-error.ts';
import { ErpErrorEvent } from '../../core/element/events.ts';
import { gateStyles } from './gate-element.styles.ts';
import { type GateMessageKey, gateMessages } from './gate-element.messages.ts';
import { BenecafeGateReadyEvent } from './events.ts';
import { isSessionResponse } from './guards.ts';
import type { GateSession, SessionResponse } from '../shared/schema.ts';

/** The event code of each no-session reason. */
const NO_SESSION_CODES = {
  expired: 'benecafe_session_expired',
  none: 'benecafe_no_session',
  cookie_withheld: 'benecafe_cookie_withheld',
} as const;

type Phase = 'loading' | 'ready' | 'none' | 'error';

/** 로 after a vowel or ㄹ, 으로 after other final consonants; (으)로 when not Hangul. */
export function particleRo(word: string): string {
  const c = word.charCodeAt(word.length - 1) - 0xac00;
  if (!(c >= 0 && c < 11172)) return '(으)로';
  return c % 28 === 0 || c % 28 === 8 ? '로' : '으로';
}

/**
 * The page half of the Benecafe partner gate. On the partner's landing page
 * it reads the session `POST /benecafe/gate` created, greets the member with
 * their company's point name, opens POPUPURL (point balance) in a popup and
 * logs out; without a session it points back to the welfare mall.
 *
 * @fires {GateSession} benecafe-gate-ready - A session was read (no OTP token).
 * @fires {ErpErrorDetail} benecafe-gate-error - No session (`benecafe_no_session`, `benecafe_session_expired`) or any failure: `{ code, message }`.
 * @csspart base - The wrapper; carries `aria-busy`.
 * @csspart greeting - "{name}님, {point}으로 결제할 수 있어요".
 * @csspart points - The point-balance button.
 * @csspart logout - The logout button.
 * @csspart notice - The no-session text.
 * @csspart mall-link - The way back to the welfare mall.
 * @csspart new-window - In a cross-site frame (the browser withholds the gate cookie): open this page in a new window.
 * @csspart error - The error message (role=alert).
 * @cssstate busy - Reading the session or logging out.
 * @cssstate done - A member's session is shown.
 * @cssprop --erp-widgets-color-primary - Buttons and links.
 * @cssprop --erp-widgets-color-danger - Error colour.
 * @cssprop --erp-widgets-radius - Corner radius.
 * @cssprop --erp-widgets-font-family - Font.
 */
export class BenecafeGate extends ErpElement<GateMessageKey> {
  static override styles = [...ErpElement.styles, gateStyles];
  static override properties: PropertyDeclarations = {
    ...ErpElement.properties,
    phase: { state: true },
    data: { state: true },
    withheld: { state: true },
  };

  declare private phase: Phase;
  declare private data: SessionResponse | undefined;

  constructor() {
    super();
    this.phase = 'loading';
    this.withheld = false;
  }

  protected readonly messages = gateMessages;
  protected readonly errorEvent = 'benecafe-gate-error';

  /** The member's session (no secrets), once read. */
  get session(): GateSession | undefined {
    return this.data?.session ?? undefined;
  }

  // The first update too, even without an adapter: that shows missing_adapter.
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('adapter')) void this.load();
  }

  /** Reads the session again (e.g. after the member came back from the welfare mall). */
  async load(): Promise<void> {
    this.error = undefined;
    this.phase = 'loading';
    await this.call('GET');
  }

  private async call(method: 'GET' | 'DELETE') {
    try {
      const data = await this.whileBusy(() => this.request('benecafe/session', isSessionResponse, { method, credentials: 'include' }));
      this.data = data;
      this.phase = data.session ? 'ready' : 'none';
      this.setState('done', !!data.session);
      if (data.session) this.dispatchEvent(new BenecafeGateReadyEvent(data.session));
      else if (method === 'GET') {
        this.withheld = data.reason !== 'expired' && (await cookiesWithheldHere());
        const key = this.noSessionKey(data.reason);
        this.dispatchEvent(new ErpErrorEvent(this.errorEvent, { code: NO_SESSION_CODES[key], message: this.t(key) }));
      }
    } catch (err) {
      this.failWith(err);
    }
  }

  /** In a cross-site frame the browser withholds the gate cookie: "never entered" would be wrong there. */
  declare private withheld: boolean;

  private noSessionKey(reason: string | undefined): 'expired' | 'none' | 'cookie_withheld' {
    return reason === 'expired' ? 'expired' : this.withheld ? 'cookie_withheld' : 'none';
  }

  private async logout() {
    this.error = undefined; // a popup-blocked message belongs to the session that ends here
    await this.call('DELETE');
    void this.moveFocusTo('[part=notice]');
  }

  private failWith(err: unknown) {
    this.phase = 'error';
    this.fail(err);
  }

  private openPoints() {
    this.error = undefined;
    const url = this.session?.popupUrl;
    if (!url || !/^https?:$/.test(new URL(url, location.href).protocol)) return;
    if (!window.open(url, 'benecafe-points', 'popup,width=480,height=640')) this.fail(new ErpError('popup_blocked'));
  }

  override render() {
    const s = this.session;
    const mall = this.data?.mallUrl;
    return html`<div part="base" aria-busy=${this.busy ? 'true' : 'false'}>
      ${
        this.phase === 'loading'
          ? html`<p class="status" role="status">${this.renderSpinner()}${this.t('loading')}</p>`
          : s
            ? html`<p class="greeting" part="greeting">
                  ${this.t('greeting', { name: s.name, point: s.pointName, ro: particleRo(s.pointName) })}
                </p>
                <div class="actions">
                  ${
                    s.popupUrl
                      ? html`<button part="points" type="button" ?disabled=${this.busy} @click=${this.openPoints}>
                          ${this.t('points', { point: s.pointName })}
                        </button>`
                      : nothing
                  }
                  <button part="logout" class="secondary" type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.logout}>
                    ${this.t('logout')}
                  </button>
                </div>`
            : this.phase === 'none'
              ? html`<p class="notice" part="notice">${this.t(this.noSessionKey(this.data?.reason))}</p>
                  ${
                    this.withheld
                      ? html`<a part="new-window" href=${location.href} target="_blank" rel="noopener">${this.t('open_new_window')}</a>`
                      : mall
                        ? html`<a part="mall-link" href=${mall}>${this.t('back')}</a>`
                        : nothing
                  }`
              : html`<button class="secondary" type="button" @click=${this.load}>${this.t('retry')}</button>`
      }
      ${this.renderError()}
    </div>`;
  }
}
