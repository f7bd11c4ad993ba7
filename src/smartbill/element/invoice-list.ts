import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ErpError } from '../../core/element/erp-error.ts';
import { ErpElement } from '../../core/element/erp-element.ts';
import { adapterUrl } from '../../core/element/adapter-client.ts';
import { formatBusinessNumber } from '../../core/shared/validators.ts';
import { DEPT_USER_GUIDE, SMARTBILL_PAGES, smartbillSite } from '../shared/signup-fields.ts';
import { readInvoiceStream, SMARTBILL_TIMEOUT_MS } from './invoice-api.ts';
import { downloadCsv, toCsv } from './invoice-csv.ts';
import { SmartbillInvoiceSelectEvent } from './invoice-events.ts';
import { type InvoiceMessageKey, invoiceMessages } from './invoice-list.messages.ts';
import { invoiceListStyles } from './invoice-list.styles.ts';
import {
  addMonths,
  counterpart,
  type DateKind,
  formatWon,
  type Invoice,
  type InvoiceListResult,
  isIsoDate,
  kstDateTime,
  kstToday,
  monthRange,
  oldestRetained,
  type SupBuyType,
} from '../shared/invoice-model.ts';

type Preset = 'thisMonth' | 'lastMonth' | 'last3Months' | 'custom';
type SortKey = 'date' | 'name' | 'regNo' | 'sup' | 'tax' | 'total' | 'type' | 'demand';
const AMOUNT_KEYS: Record<string, keyof Invoice> = { sup: 'supAmount', tax: 'taxAmount', total: 'totalAmount' };
/** The width an invoice form is laid out at on a narrow screen, then zoomed to fit (SmartBill's form is about 760 px). */
const PAPER_WIDTH = 800;
const COLUMNS: SortKey[] = ['date', 'name', 'regNo', 'sup', 'tax', 'total', 'type', 'demand'];

/**
 * Tax invoices SmartBill collected from Hometax (scraping Open API) for a
 * period: sales (AR) or purchases (AP), by 작성일/발행일/전송일, in a sortable
 * table with totals; a row opens the original (its XML rendered with
 * SmartBill's XSL in a sandboxed frame, printable); CSV export for Excel.
 *
 * @fires {SmartbillInvoiceSelectDetail} smartbill-invoice-select - A row was opened: `{ issueId, invoice }`.
 * @fires {ErpErrorDetail} smartbill-invoice-error - Any failure (e.g. `smartbill_not_connected`, `smartbill_out_of_retention`): `{ code, message }`.
 * @csspart base - The wrapper; carries `aria-busy`.
 * @csspart controls - Period, AR/AP, date kind, search and export.
 * @csspart progress - The progress bar while windows load.
 * @csspart table - The invoice table.
 * @csspart empty - The empty state.
 * @csspart as-of - When the adapter fetched the rows from SmartBill, and why they can be about 40 minutes old.
 * @csspart setup - SmartBill's collection prerequisites (department user, its registration), in the empty and not-registered states.
 * @csspart dialog - The invoice viewer.
 * @csspart frame - The sandboxed frame showing the invoice.
 * @csspart error - The error message (role=alert).
 * @cssprop --erp-widgets-color-primary - Buttons and links.
 * @cssprop --erp-widgets-color-border - Table rules.
 */
export class SmartbillInvoiceList extends ErpElement<InvoiceMessageKey> {
  static override styles = [...ErpElement.styles, invoiceListStyles];
  static override properties: PropertyDeclarations = {
    ...ErpElement.properties,
    comRegNo: { attribute: 'com-reg-no' },
    env: {},
    type: {},
    dateKind: { attribute: 'date-kind' },
    from: {},
    to: {},
    manual: { type: Boolean },
    preset: { state: true },
    result: { state: true },
    progress: { state: true },
    sortKey: { state: true },
    sortDesc: { state: true },
    opened: { state: true },
    srcdoc: { state: true },
  };

  /** Business number (tenant); the page token's `com` decides, this must match it when set. */
  declare comRegNo: string;
  /** `production` (default) or `demo`: which SmartBill the setup links point to before the adapter has answered. */
  declare env: string;
  /** `AR` (매출, default) or `AP` (매입). */
  declare type: SupBuyType;
  /** `W` 작성일 (default), `I` 발행일, `S` 전송일. */
  declare dateKind: DateKind;
  /** Period start, `YYYY-MM-DD` (default: the first day of this month, KST). */
  declare from: string;
  /** Period end, `YYYY-MM-DD` (default: today, KST). */
  declare to: string;
  /** Load only when the person presses 조회 (or `search()` is called), not as soon as `adapter` is set. */
  declare manual: boolean;
  declare private preset: Preset;
  declare private result: InvoiceListResult | undefined;
  declare private progress: { done: number; total: number } | undefined;
  declare private sortKey: SortKey;
  declare private sortDesc: boolean;
  declare private opened: Invoice | undefined;
  declare private srcdoc: string;
  private abort?: AbortController;
  private xsl?: Promise<string>;
  /** The row whose dialog is open: focus goes back to it when the dialog closes. */
  private returnTo?: string;

  protected readonly messages = invoiceMessages;
  protected readonly errorEvent = 'smartbill-invoice-error';

  constructor() {
    super();
    this.comRegNo = '';
    this.env = 'production';
    this.type = 'AR';
    this.dateKind = 'W';
    this.preset = 'thisMonth';
    this.sortKey = 'date';
    this.sortDesc = true;
    this.srcdoc = '';
    this.manual = false;
    const { from } = monthRange(kstToday(Date.now()), 0);
    this.from = from;
    this.to = kstToday(Date.now());
  }

  /** The invoices shown (after the last successful search), in the table's order. */
  get invoices(): Invoice[] {
    const rows = [...(this.result?.invoices ?? [])];
    const key = this.sortKey;
    const value = (i: Invoice): string | bigint =>
      AMOUNT_KEYS[key]
        ? BigInt(i[AMOUNT_KEYS[key]] as string)
        : key === 'name'
          ? counterpart(i).name
          : key === 'regNo'
            ? counterpart(i).regNo
            : key === 'type'
              ? i.typeCode
              : key === 'demand'
                ? i.taxDemand
                : i.writeDate;
    rows.sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const c = x < y ? -1 : x > y ? 1 : a.issueId < b.issueId ? -1 : a.issueId > b.issueId ? 1 : 0;
      return this.sortDesc ? -c : c;
    });
    return rows;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('from') || changed.has('to')) && this.preset !== 'custom' && !this.matchesPreset()) this.preset = 'custom';
  }

  /** Loads as soon as it knows its adapter (set `token`/`tokenProvider` first, or together), unless `manual`. */
  protected override updated(changed: PropertyValues): void {
    if (changed.has('adapter') && this.adapter && !this.manual) void this.search();
  }

  private matchesPreset() {
    const r = this.presetRange(this.preset);
    return !r || (r.from === this.from && r.to === this.to);
  }

  private presetRange(p: Preset): { from: string; to: string } | undefined {
    const today = kstToday(Date.now());
    if (p === 'thisMonth') return { from: monthRange(today, 0).from, to: today };
    if (p === 'lastMonth') return monthRange(today, -1);
    if (p === 'last3Months') return { from: addMonths(today, -3), to: today };
    return undefined;
  }

  /** Loads the period (the NDJSON stream gives the progress); called on connect and by the search button. */
  async search(): Promise<void> {
    // Checked here, in the person's language; a stale list or empty state would contradict the message.
    const bad = !isIsoDate(this.from) || !isIsoDate(this.to) ? 'invalid_period' : this.from > this.to ? 'period_order' : '';
    if (bad) {
      this.abort?.abort();
      this.result = undefined;
      return void this.fail(new ErpError(bad));
    }
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.error = undefined;
    this.progress = { done: 0, total: 0 };
    const q = new URLSearchParams({ type: this.type, dateKind: this.dateKind, from: this.from, to: this.to });
    if (this.comRegNo) q.set('comRegNo', this.comRegNo.replace(/-/g, ''));
    try {
      await this.whileBusy(async () => {
        const res = await this.calls.fetch(`smartbill/invoices?${q}`, {
          accept: 'application/x-ndjson',
          timeoutMs: SMARTBILL_TIMEOUT_MS,
          signal: abort.signal,
        });
        const result = await readInvoiceStream(res, (done, total) => {
          this.progress = { done, total };
        });
        if (!abort.signal.aborted) this.result = result;
      });
    } catch (err) {
      if (abort.signal.aborted) return;
      this.result = undefined;
      this.fail(err);
    } finally {
      if (this.abort === abort) this.progress = undefined;
    }
  }

  private text(path: string): Promise<string> {
    return this.calls.fetch(path, { accept: 'application/xml', timeoutMs: SMARTBILL_TIMEOUT_MS }).then((r) => r.text());
  }

  /** Opens an invoice: its XML and SmartBill's XSL (fetched once), rendered inert in the dialog. */
  async open(invoice: Invoice): Promise<void> {
    this.returnTo = invoice.issueId;
    this.dispatchEvent(new SmartbillInvoiceSelectEvent({ issueId: invoice.issueId, invoice }));
    const com = this.comRegNo ? `&comRegNo=${this.comRegNo.replace(/-/g, '')}` : '';
    try {
      await this.whileBusy(async () => {
        this.xsl ??= this.text(`smartbill/preview-form?${com.slice(1)}`).catch((err: unknown) => {
          this.xsl = undefined;
          throw err;
        });
        // The renderer loads with the first invoice opened: a list that is only searched never needs it.
        const [xml, xsl, { invoiceSrcdoc }] = await Promise.all([
          this.text(`smartbill/invoices/${encodeURIComponent(invoice.issueId)}?type=${invoice.supBuyType}${com}`),
          this.xsl,
          import('./invoice-preview.ts'),
        ]);
        this.srcdoc = invoiceSrcdoc(xml, xsl);
        this.opened = invoice;
      });
      await this.updateComplete;
      const dialog = this.renderRoot.querySelector('dialog');
      if (dialog && !dialog.open) dialog.showModal();
      this.fitFrame(this.renderRoot.querySelector('iframe'));
    } catch (err) {
      this.fail(err);
    }
  }

  /** The table as CSV (UTF-8 BOM, RFC 4180, formula-safe), offered as a download. */
  exportCsv(): string {
    const cols = COLUMNS.map((c) => this.t(c));
    const rows = this.invoices.map((i) => {
      const p = counterpart(i);
      return [
        i.writeDate,
        p.name,
        formatBusinessNumber(p.regNo),
        i.supAmount,
        i.taxAmount,
        i.totalAmount,
        this.typeName(i.typeCode),
        this.demandName(i.taxDemand),
        i.issueId,
      ];
    });
    const t = this.result?.totals;
    const csv = toCsv([
      [...cols, 'ISSUE_ID'],
      ...rows,
      ...(t ? [[this.t('totals', { count: t.count }), '', '', t.supAmount, t.taxAmount, t.totalAmount, '', '', '']] : []),
    ]);
    downloadCsv(csv, `smartbill-${this.type}-${this.from}-${this.to}.csv`, this);
    return csv;
  }

  private typeName(code: string) {
    const kind = this.t(`k${code.slice(0, 2)}` as InvoiceMessageKey);
    const sub = code.slice(2);
    return sub === '01' || !/^0[1-5]$/.test(sub) ? kind : `${kind} (${this.t(`s${sub}` as InvoiceMessageKey)})`;
  }

  private demandName(code: string) {
    return code === '01' || code === '02' ? this.t(`demand${code}`) : code;
  }

  private setPreset(p: Preset) {
    this.preset = p;
    const r = this.presetRange(p);
    if (r) Object.assign(this, r);
  }

  private sortBy(key: SortKey) {
    this.sortDesc = this.sortKey === key ? !this.sortDesc : key === 'date' || !!AMOUNT_KEYS[key];
    this.sortKey = key;
  }

  private onSubmit(e: Event) {
    e.preventDefault();
    if (!this.busy) void this.search();
  }

  private closeDialog() {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private onDialogClose() {
    this.opened = undefined;
    const id = this.returnTo;
    this.returnTo = undefined;
    if (id) this.renderRoot.querySelector<HTMLElement>(`[data-issue="${CSS.escape(id)}"]`)?.focus();
  }

  /**
   * Esc inside the invoice (its own document) closes the dialog too. On a narrow screen the invoice, a paper form, is
   * laid out at paper width and zoomed to fit rather than squeezed (printing is left as it is).
   */
  private onFrameLoad(e: Event) {
    const frame = e.target as HTMLIFrameElement;
    const doc = frame.contentDocument;
    if (!doc) return;
    doc.addEventListener('keydown', (k) => {
      if (k.key === 'Escape') this.closeDialog();
    });
    this.fitFrame(frame);
  }

  private fitFrame(frame: HTMLIFrameElement | null) {
    const doc = frame?.contentDocument;
    const fit = (frame?.clientWidth ?? 0) / PAPER_WIDTH;
    if (!doc?.head || fit <= 0 || fit >= 1) return; // not shown yet (open() fits it again), or wide enough
    const style = doc.getElementById('erp-fit') ?? doc.head.appendChild(Object.assign(doc.createElement('style'), { id: 'erp-fit' }));
    style.textContent = `@media screen { html { width: ${PAPER_WIDTH}px; zoom: ${fit.toFixed(3)} } }`;
  }

  /** SmartBill's site: the adapter's (from its last answer), else the `env` attribute's. */
  private get site() {
    return this.result?.site
      ? adapterUrl(this.adapter, this.result.site).replace(/\/$/, '')
      : smartbillSite(this.env === 'demo' ? 'demo' : 'production');
  }

  /** Seed 001's steps that decide whether SmartBill collects anything: the department user and its registration. */
  private renderSetup() {
    return html`<div part="setup" class="setup">
      <p>${this.t('setup_intro')}</p>
      <ol>
        <li>
          ${this.t('setup_dept_user')}
          <a href=${DEPT_USER_GUIDE} target="_blank" rel="noopener">${this.t('setup_dept_guide')}</a>
        </li>
        <li><a href=${this.site + SMARTBILL_PAGES.scrapeLogin} target="_blank" rel="noopener">${this.t('setup_register')}</a></li>
      </ol>
    </div>`;
  }

  private renderAsOf(r: InvoiceListResult) {
    const at = kstDateTime(r.fetchedAt);
    return html`<p part="as-of" class="as-of">
      <time datetime=${new Date(r.fetchedAt).toISOString()}>${this.t('as_of', { time: at })}</time> ${this.t('as_of_delay')}
    </p>`;
  }

  override render() {
    const busy = this.busy;
    const p = this.progress;
    const today = kstToday(Date.now());
    const notRegistered = this.error?.code === 'smartbill_not_connected' || this.error?.code === 'smartbill_signal_not_permitted';
    return html`<div part="base" aria-busy=${busy ? 'true' : 'false'}>
      <form part="controls" novalidate @submit=${this.onSubmit}>
        <label
          >${this.t('period')}
          <select .value=${this.preset} @change=${(e: Event) => this.setPreset((e.target as HTMLSelectElement).value as Preset)}>
            ${(['thisMonth', 'lastMonth', 'last3Months', 'custom'] as const).map(
              (k) => html`<option value=${k} ?selected=${this.preset === k}>${this.t(k)}</option>`,
            )}
          </select></label
        >
        <label
          >${this.t('from')}
          <input
            type="date"
            min=${oldestRetained(today)}
            max=${this.to || today}
            .value=${this.from}
            @change=${(e: Event) => (this.from = (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${this.t('to')}
          <input
            type="date"
            min=${isIsoDate(this.from) ? this.from : oldestRetained(today)}
            max=${today}
            .value=${this.to}
            @change=${(e: Event) => (this.to = (e.target as HTMLInputElement).value)}
        /></label>
        <fieldset>
          <legend>${this.t('kind')}</legend>
          ${(['AR', 'AP'] as const).map(
            (k) =>
              html`<label class="radio"
                ><input
                  type="radio"
                  name="type"
                  value=${k}
                  .checked=${this.type === k}
                  @change=${() => (this.type = k)}
                />${this.t(k)}</label
              >`,
          )}
        </fieldset>
        <label
          >${this.t('dateKind')}
          <select @change=${(e: Event) => (this.dateKind = (e.target as HTMLSelectElement).value as DateKind)}>
            ${(['W', 'I', 'S'] as const).map((k) => html`<option value=${k} ?selected=${this.dateKind === k}>${this.t(k)}</option>`)}
          </select></label
        >
        <button type="submit" aria-disabled=${busy ? 'true' : 'false'}>${this.renderSpinner()}${this.t('search')}</button>
        <button type="button" class="secondary" ?disabled=${!this.result?.invoices.length} @click=${() => this.exportCsv()}>
          ${this.t('csv')}
        </button>
      </form>
      ${
        p
          ? html`<div part="progress" role="status">
              <progress max=${p.total || 1} .value=${p.done} aria-label=${this.t('loading', p)}></progress> ${this.t('loading', p)}
            </div>`
          : nothing
      }
      ${this.renderError()} ${notRegistered ? this.renderSetup() : nothing} ${this.result ? this.renderTable(this.result) : nothing}
      ${this.renderDialog()}
    </div>`;
  }

  private renderTable(r: InvoiceListResult) {
    if (!r.invoices.length) {
      return html`<p part="empty" class="empty" role="status">${this.t('empty')}</p>
        ${this.renderAsOf(r)} ${this.renderSetup()}`;
    }
    const sortState = (k: SortKey) => (this.sortKey === k ? (this.sortDesc ? 'descending' : 'ascending') : 'none');
    return html`<div class="scroll">
        <table part="table">
          <caption>
            ${this.t('caption', { kind: this.t(r.type), from: r.from, to: r.to, count: r.totals.count })}
          </caption>
          <thead>
            <tr>
              ${COLUMNS.map(
                (k) =>
                  html`<th scope="col" aria-sort=${sortState(k)} class=${AMOUNT_KEYS[k] ? 'num' : ''}>
                    <button type="button" class="sort" @click=${() => this.sortBy(k)}>${this.t(k)}</button>
                  </th>`,
              )}
            </tr>
          </thead>
          <tbody>
            ${this.invoices.map((i) => {
              const c = counterpart(i);
              return html`<tr @click=${(e: Event) => (e.target as Element).localName !== 'button' && void this.open(i)}>
                <td data-label=${this.t('date')}>${i.writeDate}</td>
                <th scope="row">
                  <button
                    type="button"
                    class="link"
                    data-issue=${i.issueId}
                    aria-label=${this.t('open', { name: c.name })}
                    @click=${() => void this.open(i)}
                  >
                    ${c.name}
                  </button>
                </th>
                <td data-label=${this.t('regNo')}>${formatBusinessNumber(c.regNo)}</td>
                <td class="num" data-label=${this.t('sup')}>${formatWon(i.supAmount)}</td>
                <td class="num" data-label=${this.t('tax')}>${formatWon(i.taxAmount)}</td>
                <td class="num total" data-label=${this.t('total')}>${formatWon(i.totalAmount)}</td>
                <td data-label=${this.t('type')}>${this.typeName(i.typeCode)}</td>
                <td data-label=${this.t('demand')}>${this.demandName(i.taxDemand)}</td>
              </tr>`;
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan="3">${this.t('totals', { count: r.totals.count })}</th>
              <td class="num" data-label=${this.t('sup')}>${formatWon(r.totals.supAmount)}</td>
              <td class="num" data-label=${this.t('tax')}>${formatWon(r.totals.taxAmount)}</td>
              <td class="num total" data-label=${this.t('total')}>${formatWon(r.totals.totalAmount)}</td>
              <td colspan="2" class="filler"></td>
            </tr>
          </tfoot>
        </table>
      </div>
      ${this.renderAsOf(r)}`;
  }

  private renderDialog() {
    const o = this.opened;
    const title = o ? this.t('invoice', { id: o.issueId }) : '';
    return html`<dialog part="dialog" aria-labelledby="dialog-title" @close=${this.onDialogClose}>
      ${
        o
          ? html`<h2 id="dialog-title">${title}</h2>
              <iframe
                part="frame"
                title=${title}
                sandbox="allow-same-origin allow-modals"
                .srcdoc=${this.srcdoc}
                @load=${this.onFrameLoad}
              ></iframe>
              <div class="actions">
                <button type="button" @click=${() => this.renderRoot.querySelector('iframe')?.contentWindow?.print()}>
                  ${this.t('print')}
                </button>
                <button type="button" class="secondary" autofocus @click=${this.closeDialog}>${this.t('close')}</button>
              </div>`
          : nothing
      }
    </dialog>`;
  }
}
