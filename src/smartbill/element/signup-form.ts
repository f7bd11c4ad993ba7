import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { adapterUrl } from '../../core/element/adapter-client.ts';
import { ErpElement } from '../../core/element/erp-element.ts';
import { ErpError } from '../../core/element/erp-error.ts';
import { prefersRedirectFlow } from '../../core/element/environment.ts';
import { formatBusinessNumber, formatPhone, isBusinessNumber, stripSeparators } from '../../core/shared/validators.ts';
import { SmartbillSignupCompleteEvent, SmartbillSignupSubmitEvent } from './events.ts';
import { isSignupCreated, isSignupStatus } from './guards.ts';
import type { SignupStatus } from '../shared/schema.ts';
import {
  SIGNUP_FIELDS,
  type SignupForm,
  type SignupIssueKey,
  SMARTBILL_PAGES,
  smartbillSite,
  type SmartbillEnv,
} from '../shared/signup-fields.ts';
import { type SignupMessageKey, signupMessages } from './signup-form.messages.ts';
import { signupFormStyles } from './signup-form.styles.ts';

type Phase = 'form' | 'blocked' | 'waiting' | 'closed' | 'completed' | 'timeout';

/** An attempt registered with the adapter, kept in sessionStorage so a reload (or Back from SmartBill) resumes it. */
interface Attempt {
  id: string;
  token: string;
  site: string;
}
const STORAGE_PREFIX = 'erp-widgets:smartbill-signup:';
/** The long-poll's back-off while the adapter is unreachable: 1, 2, 4 … 30 s. */
const MAX_BACKOFF_MS = 30_000;
/** Reads of a pending attempt are at least this far apart, however fast the adapter answers. */
const MIN_POLL_INTERVAL_MS = 1000;
const PHONE_FIELDS = new Set(['pMemTel', 'pMemHP', 'pMemFax']);
/** Phones get the right keyboard and autofill: `type`, `inputmode` and `autocomplete` per field. */
const INPUT_TYPES: Record<string, string> = { pMemTel: 'tel', pMemHP: 'tel', pMemFax: 'tel', pMemEmail: 'email' };
const INPUT_MODES: Record<string, string> = { pComRegNo: 'numeric', pZipCode: 'numeric' };
const AUTOCOMPLETE: Record<string, string> = {
  pComName: 'organization',
  pZipCode: 'postal-code',
  pComAddress: 'street-address',
  pMemName: 'name',
  pMemTel: 'tel',
  pMemHP: 'mobile tel',
  pMemFax: 'fax tel',
  pMemEmail: 'email',
};
/** The `prefill` attribute held JSON that does not parse. */
const INVALID_PREFILL: Record<string, unknown> = Object.freeze({});

/**
 * The zod validation (schema.ts, shared with the adapter) is a lazy chunk on ES
 * module pages: loaded once the form has rendered, before anyone types. Once
 * loaded (for any form on the page) validation is synchronous, so a submit
 * opens the popup inside the click; a submit that comes first opens the window
 * before it waits. The classic bundle has it inline.
 */
type SchemaModule = typeof import('../shared/schema.ts');
let schema: SchemaModule | undefined;
let loading: Promise<SchemaModule> | undefined;
const loadSchema = (): Promise<SchemaModule> =>
  schema
    ? Promise.resolve(schema)
    : (loading ??= import('../shared/schema.ts').then(
        (m) => (schema = m),
        (err) => {
          loading = undefined; // a later attempt loads it again
          throw err;
        },
      ));

/** The popup's name: a second submit reuses the same window. */
export const SMARTBILL_POPUP = 'smartbill-signup';
const FEATURES = 'popup,width=980,height=820';
const STEPS = ['step1', 'step2', 'step3', 'step4', 'step5'] as const;

const prefillConverter = {
  fromAttribute(value: string | null): Record<string, unknown> {
    try {
      const v: unknown = JSON.parse(value ?? '{}');
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : INVALID_PREFILL;
    } catch {
      return INVALID_PREFILL;
    }
  },
};
const listConverter = { fromAttribute: (v: string | null) => (v ?? '').split(/[\s,]+/).filter(Boolean) };

/**
 * SmartBill simple signup (간편 회원가입): the 15 fields of seed 000, prefilled
 * by the ERP and validated with the adapter's own schema; submitting registers
 * the attempt with the adapter, then posts the form to SmartBill in a named
 * popup and shows live progress until SmartBill's callback reaches the adapter.
 *
 * @fires {SmartbillSignupSubmitDetail} smartbill-signup-submit - The attempt is registered and the form posted: `{ id, form }`.
 * @fires {SmartbillSignupCompleteDetail} smartbill-signup-complete - SmartBill's callback landed: `{ SBID, regYn, COM_REGNO, pID }` (never the credentials).
 * @fires {ErpErrorDetail} smartbill-signup-error - Any failure, incl. `popup_blocked`, `smartbill_timeout` and `invalid_prefill`: `{ code, message }`.
 * @csspart base - The wrapper; carries `aria-busy`.
 * @csspart form - The signup form.
 * @csspart submit - The submit button.
 * @csspart steps - The progress list after submitting.
 * @csspart result - The completion message.
 * @csspart status - Live status after submitting (waiting, reconnecting, window closed, completed).
 * @csspart closed - The choices shown when the SmartBill window was closed early (reopen it, edit the form).
 * @csspart summary - "Please check the form" above the submit button after an invalid submit.
 * @csspart member-note - Seed 000's 3-1 warning, shown before the SmartBill window opens: existing members log in with the administrator ID.
 * @csspart recovery - Links to SmartBill's recovery pages.
 * @csspart error - The error message (role=alert).
 * @csspart notice - A neutral outcome shown as status text.
 * @cssstate busy - Registering the attempt.
 * @cssstate done - SmartBill's callback landed.
 * @cssprop --erp-widgets-color-primary - Button colour.
 * @cssprop --erp-widgets-color-danger - Error colour.
 * @cssprop --erp-widgets-color-success - Completion colour.
 */
export class SmartbillSignupForm extends ErpElement<SignupMessageKey> {
  static override styles = [...ErpElement.styles, signupFormStyles];
  static override properties: PropertyDeclarations = {
    ...ErpElement.properties,
    env: {},
    prefill: { converter: prefillConverter },
    readonlyFields: { attribute: 'readonly-fields', converter: listConverter },
    callback: {},
    timeout: { type: Number },
    returnUrl: { attribute: 'return-url' },
    reconnecting: { state: true },
    values: { state: true },
    errors: { state: true },
    phase: { state: true },
    problem: { state: true },
    status: { state: true },
  };

  /** `demo` (demo.smartbill.co.kr; accepts demo business numbers with a warning) or `production`. */
  declare env: SmartbillEnv;
  /** Initial values keyed by the seed's names (`pComRegNo`, …); attribute as JSON. */
  declare prefill: Record<string, unknown>;
  /** Fields the ERP owns, shown read-only (attribute: space- or comma-separated names). */
  declare readonlyFields: string[];
  /** `none` when SmartBill does not call back: show the completion page link instead of waiting. */
  declare callback: string;
  /** Seconds to wait for the callback before offering the recovery pages (default 1800). */
  declare timeout: number;
  /**
   * The same-window flow's way home (a blocked popup's "continue in this window", in-app browsers): the adapter's
   * return link after SmartBill leads here; default this page, where the element resumes the attempt.
   */
  declare returnUrl: string;
  declare private reconnecting: boolean;
  declare private values: Record<string, string>;
  declare private errors: Partial<Record<string, SignupIssueKey>>;
  declare private phase: Phase;
  declare private problem: boolean;
  declare private status: SignupStatus | undefined;
  private submitted = false;
  private touched = new Set<string>();
  private pending?: SignupForm;
  private site = '';
  private abort?: AbortController;
  /** Validation under way while its chunk loads; `updateComplete` waits for it. */
  private work?: Promise<unknown>;
  private focusInvalid = false;
  private preload = () => void (this.work ??= loadSchema().catch(() => undefined));
  private attempt?: Attempt;
  private popupWatch?: ReturnType<typeof setInterval>;

  protected readonly messages = signupMessages;
  protected readonly errorEvent = 'smartbill-signup-error';

  constructor() {
    super();
    this.values = {};
    this.env = 'production';
    this.prefill = {};
    this.readonlyFields = [];
    this.callback = 'sync';
    this.timeout = 1800;
    this.errors = {};
    this.phase = 'form';
    this.problem = false;
    this.reconnecting = false;
    this.returnUrl = '';
  }

  /** The model values (business number digits only, trimmed), valid or not. */
  get value(): SignupForm {
    const v = Object.fromEntries(SIGNUP_FIELDS.map(([n]) => [n, (this.values[n] ?? '').trim()])) as SignupForm;
    v.pComRegNo = stripSeparators(v.pComRegNo);
    return v;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page (disconnected, then connected again): the disconnect stopped the long-poll; resume it.
    if (this.hasUpdated && this.attempt && (this.phase === 'waiting' || this.phase === 'closed'))
      void this.poll(this.attempt.id, this.attempt.token);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
    clearInterval(this.popupWatch);
  }

  /** sessionStorage key of this page's attempt: one per page and element id. */
  private get storageKey(): string {
    return `${STORAGE_PREFIX}${location.pathname}#${this.id}`;
  }

  protected override firstUpdated(): void {
    // The validation loads as soon as the form is on the page, so a tap rarely has to wait for it.
    this.preload();
    // A reload, or Back from SmartBill after the same-window flow: resume the attempt instead of an empty form.
    let saved: Attempt | undefined;
    try {
      saved = JSON.parse(sessionStorage.getItem(this.storageKey) ?? 'null') as Attempt | undefined;
    } catch {
      saved = undefined;
    }
    if (saved?.id && saved.token && this.adapter) {
      this.attempt = saved;
      this.site = saved.site;
      this.phase = 'waiting';
      // In a later task: the page's own scripts (which set `token`/`tokenProvider`) run after the element upgraded.
      setTimeout(() => void this.poll(saved.id, saved.token), 0);
    }
  }

  private remember(attempt: Attempt | undefined) {
    this.attempt = attempt;
    try {
      if (attempt) sessionStorage.setItem(this.storageKey, JSON.stringify(attempt));
      else sessionStorage.removeItem(this.storageKey);
    } catch {
      // storage blocked: a reload shows the form again, nothing else breaks
    }
  }

  protected override pageRestored(): void {
    super.pageRestored();
    if (this.attempt && (this.phase === 'waiting' || this.phase === 'closed')) void this.poll(this.attempt.id, this.attempt.token);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('prefill')) return;
    if (this.prefill === INVALID_PREFILL) {
      // Say so rather than drop it in silence: the ERP developer sees the warning, the page gets the event.
      console.warn('<smartbill-signup-form>: the prefill attribute is not valid JSON; it was ignored.');
      void this.updateComplete.then(() => this.fail(new ErpError('invalid_prefill')));
    } else if (this.prefill) {
      const v = { ...this.values };
      for (const [n] of SIGNUP_FIELDS) {
        const p = this.prefill[n];
        if (typeof p === 'string' || typeof p === 'number')
          v[n] =
            n === 'pComRegNo' ? formatBusinessNumber(stripSeparators(String(p))) : PHONE_FIELDS.has(n) ? formatPhone(String(p)) : String(p);
      }
      this.values = v;
      if (this.submitted) this.validate();
    }
  }

  /** Checks the fields with the adapter's own schema: the model values when valid. */
  private check(m: SchemaModule): SignupForm | undefined {
    const r = m.checkSignup(this.value, this.env === 'demo' ? 'demo' : 'production');
    this.errors = r.errors ?? {};
    return r.data;
  }

  /** Validates now when the schema is here, else once it has loaded; `then` gets the result. */
  private validate(then?: (data: SignupForm | undefined) => void): void {
    if (schema) return then?.(this.check(schema));
    this.work = loadSchema().then(
      (m) => then?.(this.check(m)),
      (cause) => this.fail(new ErpError('network_error', 'the validation did not load', undefined, { cause })),
    );
  }

  /** `updateComplete` also waits for a validation whose chunk is loading, so callers see its result. */
  protected override async getUpdateComplete(): Promise<boolean> {
    while (this.work) {
      const w = this.work;
      await w;
      if (this.work === w) this.work = undefined;
    }
    return super.getUpdateComplete();
  }

  protected override updated(): void {
    if (!this.focusInvalid) return;
    this.focusInvalid = false;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private onInput(e: Event) {
    const t = e.target as HTMLInputElement;
    this.values = { ...this.values, [t.name]: t.value };
    if (this.submitted || this.touched.has(t.name)) this.validate();
  }

  private onChange(e: Event) {
    const t = e.target as HTMLInputElement;
    this.touched.add(t.name);
    if (t.name === 'pComRegNo') this.values = { ...this.values, pComRegNo: formatBusinessNumber(stripSeparators(t.value)) };
    if (PHONE_FIELDS.has(t.name)) this.values = { ...this.values, [t.name]: formatPhone(t.value) };
    this.validate();
  }

  private onSubmit(e: Event) {
    e.preventDefault();
    if (this.busy) return;
    this.submitted = true;
    this.error = undefined;
    // The validation chunk (loading since the element connected) has not arrived: open the window now, inside the
    // tap. WebKit (Safari) forgets the tap across the chunk's import() and would block a window opened afterwards.
    const early = !schema && this.adapter && !prefersRedirectFlow() ? this.openPopup() : undefined;
    this.validate((data) => {
      if (!data) {
        early?.close();
        this.focusInvalid = true; // after the render that shows the messages
        return;
      }
      this.pending = data;
      // Before the popup opens: without an adapter there is nothing to post to.
      if (!this.adapter) return void this.fail(new ErpError('missing_adapter'));
      // In-app browsers and web views lose popups: go through SmartBill in this window and come back to return-url.
      if (prefersRedirectFlow()) return void this.start(null);
      this.openAndStart(early === undefined ? this.openPopup() : early);
    });
  }

  private openPopup = () => window.open('', SMARTBILL_POPUP, FEATURES);

  /** From a click (or with the window a click opened): registers and posts, or says the window was blocked. */
  private openAndStart(popup: Window | null) {
    if (!popup) {
      this.phase = 'blocked';
      this.fail(new ErpError('popup_blocked'));
    } else {
      this.writeConnecting(popup);
      void this.start(popup);
    }
  }

  /** The window is blank until registration answers: say what is happening (it is ours, same-origin about:blank). */
  private writeConnecting(popup: Window) {
    try {
      const doc = popup.document;
      doc.documentElement.lang = this.language;
      doc.title = this.t('connecting');
      const p = doc.createElement('p');
      p.textContent = this.t('connecting');
      p.style.cssText = 'font: 16px/1.5 system-ui, sans-serif; margin: 2rem; color: #1b1f2a';
      doc.body.replaceChildren(p);
    } catch {
      // a window SmartBill's page already holds (a second submit): it shows SmartBill, nothing to write
    }
  }

  /** Notices the person closing the SmartBill window before the callback landed. */
  private watchPopup(popup: Window | null) {
    clearInterval(this.popupWatch);
    if (!popup) return;
    this.popupWatch = setInterval(() => {
      if (!popup.closed) return;
      clearInterval(this.popupWatch);
      if (this.phase !== 'waiting') return;
      this.phase = 'closed'; // the long-poll goes on: a signup finished just before closing still completes
      void this.moveFocusTo('[part=closed] button');
    }, 500);
  }

  /** "Open the SmartBill window again": the same attempt, posted again to the named window. */
  private reopen() {
    const popup = this.openPopup();
    if (!popup || !this.pending) return void this.fail(new ErpError('popup_blocked'));
    this.writeConnecting(popup);
    this.post(this.pending, SMARTBILL_POPUP);
    this.phase = 'waiting';
    this.watchPopup(popup);
  }

  /** "Edit the form": drop the attempt (SmartBill never saw it through) and show the filled form again. */
  private edit() {
    this.abort?.abort();
    clearInterval(this.popupWatch);
    this.remember(undefined);
    this.phase = 'form';
    this.problem = false;
    this.reconnecting = false;
    void this.moveFocusTo('[part=form] input:not([readonly]), [part=form] select');
  }

  private async start(popup: Window | null) {
    const form = this.pending!;
    this.error = undefined;
    try {
      // Same window: the adapter keeps where to come back to (its return link after SmartBill leads there).
      const returnUrl = popup ? undefined : new URL(this.returnUrl || location.href, document.baseURI).href;
      const created = await this.whileBusy(() =>
        this.request('smartbill/signups', isSignupCreated, { body: { env: this.env, form, ...(returnUrl ? { returnUrl } : {}) } }),
      );
      this.site = adapterUrl(this.adapter, created.site).replace(/\/$/, '');
      this.remember({ id: created.id, token: created.token, site: this.site });
      this.dispatchEvent(new SmartbillSignupSubmitEvent({ id: created.id, form }));
      this.post(form, popup ? SMARTBILL_POPUP : '_self');
      this.phase = 'waiting';
      this.watchPopup(popup);
      void this.moveFocusTo('[part=status]');
      if (this.callback !== 'none') void this.poll(created.id, created.token);
    } catch (err) {
      popup?.close();
      this.phase = 'form';
      this.fail(err instanceof ErpError && err.code === 'smartbill_env_mismatch' ? this.envMismatch(err) : err);
    }
  }

  /** The person reads a plain message; the developer gets the attribute, both values and the fix. */
  private envMismatch(err: ErpError): ErpError {
    const adapterValue = /configured for SmartBill (\w+)/.exec(err.message)?.[1] ?? (this.env === 'demo' ? 'production' : 'demo');
    return new ErpError(err.code, err.message, err.status, {
      hint:
        `env="${this.env}" but the adapter runs SmartBill ${adapterValue} (the sandbox always runs demo): ` +
        `set env="${adapterValue}" on the element, or smartbill.environment in the adapter config`,
      data: { attribute: 'env', value: this.env, adapterValue },
    });
  }

  /** A real urlencoded UTF-8 form POST, like SmartBill's sample. */
  private post(form: SignupForm, target: string) {
    const f = Object.assign(document.createElement('form'), {
      method: 'post',
      action: this.site + SMARTBILL_PAGES.signup,
      target,
      acceptCharset: 'UTF-8',
      hidden: true,
    });
    for (const [name, value] of Object.entries(form))
      f.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
    document.body.append(f);
    f.submit();
    f.remove();
  }

  private async poll(id: string, token: string) {
    // Removed before registration answered (or before a resume's task ran): no one is left to show the outcome.
    if (!this.isConnected) return;
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const deadline = Date.now() + this.timeout * 1000;
    let backoff = 1000;
    while (!abort.signal.aborted) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.phase = 'timeout';
        this.problem = true;
        this.fail(new ErpError('smartbill_timeout'));
        return;
      }
      const asked = Date.now();
      try {
        const s = await this.request(
          `smartbill/signups/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}&wait=${Math.min(left, 20_000)}`,
          isSignupStatus,
          { timeoutMs: 30_000, signal: abort.signal },
        );
        this.reconnecting = false;
        backoff = 1000;
        if (s.status === 'completed') {
          clearInterval(this.popupWatch);
          this.status = s;
          this.phase = 'completed';
          this.setState('done', true);
          void this.moveFocusTo('[part=status]');
          this.dispatchEvent(new SmartbillSignupCompleteEvent({ SBID: s.SBID, regYn: s.regYn, COM_REGNO: s.COM_REGNO, pID: s.pID }));
          return;
        }
        // An adapter that answers "pending" at once (longPollMs: 0, a proxy cutting long-polls) must not become a hot loop.
        const early = MIN_POLL_INTERVAL_MS - (Date.now() - asked);
        if (early > 0) await new Promise((r) => setTimeout(r, early));
      } catch (err) {
        if (abort.signal.aborted) return; // disconnected: stop quietly
        const code = (err as { code?: string }).code;
        if (code === 'not_found') {
          // A resumed attempt the adapter no longer knows (expired, another database): start over with the form.
          this.remember(undefined);
          this.phase = 'form';
          return;
        }
        if (code !== 'network_error' && code !== 'timeout') {
          this.problem = true;
          this.fail(err);
          return;
        }
        // The adapter is down or unreachable: say so, and back off (1, 2, 4 … 30 s) instead of hammering it.
        this.reconnecting = true;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private field([n, , req]: (typeof SIGNUP_FIELDS)[number]) {
    const key = this.submitted || this.touched.has(n) ? this.errors[n] : undefined;
    const raw = this.values[n] ?? '';
    const warn =
      !key && this.env === 'demo' && n === 'pComRegNo' && /^\d{10}$/.test(stripSeparators(raw)) && !isBusinessNumber(stripSeparators(raw));
    const ro = this.readonlyFields.includes(n);
    const msg = key || warn ? `${n}-msg` : nothing;
    const common = { id: n, invalid: key ? 'true' : 'false' };
    return html`<div>
      <label for=${n}>${this.t(n)}${req ? html`<span aria-hidden="true"> *</span>` : nothing}</label>
      ${
        n === 'pMasterYN' && !ro
          ? html`<select
              id=${common.id}
              name=${n}
              .value=${raw}
              aria-invalid=${common.invalid}
              aria-describedby=${msg}
              ?disabled=${this.busy}
            >
              <option value=""></option>
              <option value="Y" ?selected=${raw === 'Y'}>${this.t('yes')}</option>
              <option value="N" ?selected=${raw === 'N'}>${this.t('no')}</option>
            </select>`
          : html`<input
              id=${common.id}
              name=${n}
              type=${INPUT_TYPES[n] ?? 'text'}
              inputmode=${INPUT_MODES[n] ?? nothing}
              autocomplete=${AUTOCOMPLETE[n] ?? 'off'}
              .value=${raw}
              ?readonly=${ro}
              ?required=${!!req}
              aria-invalid=${common.invalid}
              aria-describedby=${msg}
              ?disabled=${this.busy}
            />`
      }
      ${
        key || warn
          ? html`<p id="${n}-msg" class=${key ? 'msg' : 'msg warn'}>
              ${key ? this.t(key, { max: SIGNUP_FIELDS.find((f) => f[0] === n)![1] }) : this.t('biz_no_demo')}
            </p>`
          : nothing
      }
    </div>`;
  }

  private link(key: SignupMessageKey, path: string, wrap: 'li' | 'span' = 'li') {
    const a = html`<a
      href=${(this.site || smartbillSite(this.env === 'demo' ? 'demo' : 'production')) + path}
      target="_blank"
      rel="noopener"
      >${this.t(key)}</a
    >`;
    return wrap === 'li' ? html`<li>${a}</li>` : a;
  }

  override render() {
    const p = this.phase;
    const after = p === 'waiting' || p === 'closed' || p === 'completed' || p === 'timeout';
    return html`<div part="base" aria-busy=${this.busy ? 'true' : 'false'}>
      ${
        after
          ? html`<ol part="steps" aria-label=${this.t('steps')}>
                ${STEPS.map((s, i) =>
                  p !== 'completed'
                    ? html`<li>${this.t(s)}</li>`
                    : i < 4
                      ? html`<li class="done">${this.t(s)}</li>`
                      : // The callback cannot tell whether the certificate was registered: say what may be left.
                        html`<li class="later">${this.t('step5_after')} ${this.link('cert', SMARTBILL_PAGES.cert, 'span')}</li>`,
                )}
              </ol>
              <p class="status" part="status" role="status">
                ${
                  p === 'completed'
                    ? html`<span class="ok" part="result">${this.t('completed', { id: this.status?.SBID ?? '' })}</span>`
                    : this.reconnecting
                      ? this.t('reconnecting')
                      : p === 'waiting'
                        ? this.callback === 'none'
                          ? this.t('no_sync')
                          : this.t('waiting')
                        : p === 'closed'
                          ? this.t('window_closed')
                          : nothing
                }
              </p>
              ${
                p === 'closed'
                  ? html`<div class="actions" part="closed">
                      <button type="button" @click=${this.reopen}>${this.t('reopen')}</button>
                      <button type="button" class="secondary" @click=${this.edit}>${this.t('edit_form')}</button>
                    </div>`
                  : nothing
              }
              ${
                this.callback === 'none'
                  ? html`<ul>
                      ${this.link('no_sync_link', SMARTBILL_PAGES.noSync)}
                    </ul>`
                  : nothing
              }
              ${
                this.problem
                  ? html`<div part="recovery">
                      <p>${this.t('recovery')}</p>
                      <ul>
                        ${this.link('authCode', SMARTBILL_PAGES.authCode)}${this.link('authToken', SMARTBILL_PAGES.authToken)}${this.link(
                          'cert',
                          SMARTBILL_PAGES.cert,
                        )}
                      </ul>
                    </div>`
                  : p !== 'completed'
                    ? html`<button type="button" class="secondary" @click=${() => (this.problem = true)}>${this.t('problem')}</button>`
                    : nothing
              }`
          : html`<form
              part="form"
              novalidate
              @submit=${this.onSubmit}
              @input=${this.onInput}
              @change=${this.onChange}
              @focusin=${this.preload}
              @pointerover=${this.preload}
            >
              ${SIGNUP_FIELDS.map((f) => this.field(f))}
              ${
                this.submitted && Object.keys(this.errors).length
                  ? html`<p class="msg" part="summary" role="alert">${this.t('invalid_form')}</p>`
                  : nothing
              }
              <p id="member-note" class="note" part="member-note">${this.t('member_login_note')}</p>
              <div class="actions">
                <button part="submit" type="submit" aria-disabled=${this.busy ? 'true' : 'false'} aria-describedby="member-note">
                  ${this.renderSpinner()}${this.busy ? this.t('registering') : this.t('submit')}
                </button>
                ${
                  p === 'blocked'
                    ? html`<button type="button" @click=${() => this.openAndStart(this.openPopup())}>${this.t('retry_popup')}</button>
                        <button type="button" class="secondary" @click=${() => void this.start(null)}>${this.t('same_window')}</button>`
                    : nothing
                }
              </div>
            </form>`
      }
      ${this.renderError()}
    </div>`;
  }
}
