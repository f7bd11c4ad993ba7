import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ErpElement } from '../../core/element/erp-element.ts';
import { ErpError } from '../../core/element/erp-error.ts';
import { connectStyles } from './connect-element.styles.ts';
import { type ConnectMessageKey, connectMessages } from './connect-element.messages.ts';
import { EcountConnectStatusEvent } from './events.ts';
import { isEcountStatus } from './guards.ts';
import type { EcountStatus } from '../shared/status.ts';

/**
 * The operator's view of the adapter's Ecount connection: company code, zone,
 * test/production, session state and age, Ecount's EXPIRE_DATE and NOTICE, the
 * last error (Korean/English), calls left; and a connect / test button. The
 * session itself never reaches the page. Needs a page token with `ecount:read`
 * (status) and `ecount:connect` (the button).
 *
 * @fires {EcountStatus} ecount-connect-status - The status was read (on load and after connect/test).
 * @fires {ErpErrorDetail} ecount-connect-error - Connect/test or reading the status failed: `{ code, message }` (e.g. `ecount_login_blocked`, `ecount_rate_limited`, `ecount_password_locked`).
 * @csspart base - The wrapper; carries `aria-busy`.
 * @csspart card - The status card.
 * @csspart state - The session state (connected, not connected, logins stopped).
 * @csspart last-error - Ecount's last error in the card.
 * @csspart button - The connect / test button.
 * @csspart spinner - The busy spinner.
 * @csspart error - The error message (role=alert).
 * @cssprop --erp-widgets-color-primary - Button colour.
 * @cssprop --erp-widgets-color-success - "Connected".
 * @cssprop --erp-widgets-color-danger - Errors and "logins stopped".
 * @cssprop --erp-widgets-color-border - Card border.
 */
export class EcountConnect extends ErpElement<ConnectMessageKey> {
  static override styles = [...ErpElement.styles, connectStyles];
  static override properties: PropertyDeclarations = { ...ErpElement.properties, status: { state: true } };

  declare private status: EcountStatus | undefined;

  protected readonly messages = connectMessages;
  protected readonly errorEvent = 'ecount-connect-error';

  /** The last status read from the adapter. */
  get state(): EcountStatus | undefined {
    return this.status;
  }

  private loadTimer?: ReturnType<typeof setTimeout>;

  // One task later, and again when the token or tokenProvider changes: a page script after the bundle may set them
  // after the first read (which then failed with token_missing).
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('adapter') && !changed.has('token') && !changed.has('tokenProvider')) return;
    clearTimeout(this.loadTimer);
    this.loadTimer = setTimeout(() => void this.load());
  }

  /** Reads the status again. */
  async load(): Promise<void> {
    this.error = undefined;
    try {
      await this.whileBusy(() => this.read('GET'));
    } catch (err) {
      this.fail(err);
    }
  }

  /** Connects now, or tests the stored session; then shows the status. */
  async connect(): Promise<void> {
    this.error = undefined;
    await this.whileBusy(async () => {
      try {
        await this.read('POST');
      } catch (err) {
        // The card shows what happened (blocked, last error): read it, and say the error in the page's language.
        await this.read('GET').catch(() => undefined);
        const last = this.status?.lastError;
        const code = err instanceof ErpError ? err.code : '';
        this.fail(last && last.code === code ? new ErpError(code, this.language === 'en' ? last.message.en : last.message.ko) : err);
      }
    });
    await this.moveFocusTo('[part=button]');
  }

  private async read(method: 'GET' | 'POST') {
    const s = await this.request(
      method === 'GET' ? 'ecount/status' : 'ecount/connect',
      isEcountStatus,
      method === 'POST' ? { method, body: {} } : {},
    );
    this.status = s;
    this.setState('done', s.connected);
    this.dispatchEvent(new EcountConnectStatusEvent(s));
  }

  private renderCard(s: EcountStatus) {
    const en = this.language === 'en';
    const since = s.loggedInAt
      ? this.t('since', { time: new Date(s.loggedInAt).toLocaleString(en ? 'en' : 'ko'), min: Math.floor((s.sessionAgeSeconds ?? 0) / 60) })
      : '';
    return html`<dl>
      <dt>${this.t('company')}</dt>
      <dd>${s.company}</dd>
      <dt>${this.t('zone')}</dt>
      <dd>${s.zone ?? '—'}</dd>
      <dt>${this.t('environment')}</dt>
      <dd>${this.t(s.environment)}</dd>
      <dt>${this.t('session')}</dt>
      <dd part="state" class=${s.blocked ? 'bad' : s.connected ? 'ok' : ''}>
        ${this.t(s.blocked ? 'blocked' : s.connected ? 'connected' : 'disconnected')}${since ? html`<br />${since}` : nothing}
      </dd>
      ${
        s.expireDate
          ? html`<dt>${this.t('expire')}</dt>
              <dd>${s.expireDate}</dd>`
          : nothing
      }
      ${
        s.notice
          ? html`<dt>${this.t('notice')}</dt>
              <dd>${s.notice}</dd>`
          : nothing
      }
      ${
        s.lastError
          ? html`<dt>${this.t('last_error')}</dt>
              <dd part="last-error" class="bad">${en ? s.lastError.message.en : s.lastError.message.ko}</dd>`
          : nothing
      }
      <dt>${this.t('limits')}</dt>
      <dd>${this.t('limits_value', { daily: s.limits.daily, login: s.limits.login })}</dd>
    </dl>`;
  }

  override render() {
    const s = this.status;
    return html`<div part="base" aria-busy=${this.busy ? 'true' : 'false'}>
      <section part="card" aria-labelledby="title">
        <h3 id="title">${this.t('title')}</h3>
        ${s ? this.renderCard(s) : html`<p role="status">${this.busy ? this.t('loading') : ''}</p>`}
        <button part="button" type="button" ?disabled=${this.busy} @click=${this.connect}>
          ${this.renderSpinner()}${this.t(s?.connected ? 'test_button' : 'connect')}
        </button>
      </section>
      ${this.renderError()}
    </div>`;
  }
}
