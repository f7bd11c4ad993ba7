/**
 * The invoice list's contract, shared by the adapter (routes) and the browser
 * (element, CSV): one normalised row per tax invoice, dates in KST, and
 * amounts as integer-won strings summed with BigInt (never floating point).
 * No zod here: the element only reads the adapter's own answers.
 */

export type SupBuyType = 'AR' | 'AP';
/** W 작성일, I 발행일, S 전송일 (OS_DTI_LIST SearchDate). */
export type DateKind = 'W' | 'I' | 'S';

export interface InvoiceParty {
  /** 사업자등록번호, digits only. */
  regNo: string;
  name: string;
  rep: string;
  email: string;
}

export interface Invoice {
  issueId: string;
  supBuyType: SupBuyType;
  /** 작성일 / 발행일 / 전송일, `YYYY-MM-DD` (empty when SmartBill sent none). */
  writeDate: string;
  issueDate: string;
  sendDate: string;
  /** Four digits: 01 세금계산서, 02 수정세금계산서, 03 계산서, 04 수정계산서 + 01 일반 … 05 영세율위수탁. */
  typeCode: string;
  /** 01 영수, 02 청구. */
  taxDemand: string;
  supplier: InvoiceParty;
  buyer: InvoiceParty;
  /** 공급가액, 세액, 합계: integer won as strings (negative for some 수정 invoices). */
  supAmount: string;
  taxAmount: string;
  totalAmount: string;
}

export interface InvoiceTotals {
  count: number;
  supAmount: string;
  taxAmount: string;
  totalAmount: string;
}

export interface InvoiceListResult {
  type: SupBuyType;
  dateKind: DateKind;
  from: string;
  to: string;
  /** How many ≤ 30-day windows the period took. */
  windows: number;
  invoices: Invoice[];
  totals: InvoiceTotals;
  /**
   * When the adapter fetched these rows from SmartBill (epoch ms; the oldest window's fetch when some came from its
   * cache). SmartBill itself collects from Hometax about every 20 minutes, so the data can be about 40 minutes old.
   */
  fetchedAt: number;
  /** SmartBill's site for the adapter's environment (absolute, or relative to the adapter in the sandbox): setup links. */
  site: string;
}

/** One line of the NDJSON stream (`Accept: application/x-ndjson`). */
export type InvoiceStreamLine =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; result: InvoiceListResult }
  | { type: 'error'; error: { code: string; message: string } };

/** The counterpart: the buyer of a sale (AR), the supplier of a purchase (AP). */
export const counterpart = (inv: Invoice): InvoiceParty => (inv.supBuyType === 'AR' ? inv.buyer : inv.supplier);

/** The date the list was searched by. */
export const dateOf = (inv: Invoice, kind: DateKind): string =>
  kind === 'I' ? inv.issueDate : kind === 'S' ? inv.sendDate : inv.writeDate;

/** Exact integer sum of won amounts given as strings ("-1200", "35000"). */
export function sumWon(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return total.toString();
}

export function totalsOf(invoices: readonly Invoice[]): InvoiceTotals {
  return {
    count: invoices.length,
    supAmount: sumWon(invoices.map((i) => i.supAmount)),
    taxAmount: sumWon(invoices.map((i) => i.taxAmount)),
    totalAmount: sumWon(invoices.map((i) => i.totalAmount)),
  };
}

/** `35000000` → `35,000,000` without going through a float. */
export function formatWon(value: string): string {
  const neg = value.startsWith('-');
  const digits = neg ? value.slice(1) : value;
  return (neg ? '-' : '') + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ---- KST calendar dates ------------------------------------------------------

const DAY_MS = 86_400_000;
const KST_MS = 9 * 3_600_000;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const toDate = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Today's date in Korea. */
export const kstToday = (now: number): string => fromMs(now + KST_MS);
export const addDays = (d: string, n: number): string => fromMs(toDate(d) + n * DAY_MS);
/** Days from `a` to `b` (b − a). */
export const daysBetween = (a: string, b: string): number => Math.round((toDate(b) - toDate(a)) / DAY_MS);

/** `d` moved by whole months, clamped to the month's last day (05-31 − 3 months → 02-28). */
export function addMonths(d: string, n: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, last));
  return fromMs(first.getTime());
}

/** SmartBill keeps collected invoices for 3 months (seed 001). */
export const RETENTION_MONTHS = 3;

/** The oldest day SmartBill still holds, seen from `today` (KST): the date inputs' `min`, the adapter's refusal. */
export const oldestRetained = (today: string): string => addMonths(today, -RETENTION_MONTHS);

/** `YYYY-MM-DD HH:mm` in Korea, for an epoch-ms instant ("as of"). */
export const kstDateTime = (ms: number): string => new Date(ms + KST_MS).toISOString().slice(0, 16).replace('T', ' ');

/** A real calendar date written `YYYY-MM-DD`. */
export const isIsoDate = (d: string): boolean => ISO_DATE.test(d) && fromMs(toDate(d)) === d;

/** First and last day of the month `offset` months from `today`'s. */
export function monthRange(today: string, offset: number): { from: string; to: string } {
  const from = addMonths(`${today.slice(0, 8)}01`, offset);
  return { from, to: addDays(addMonths(from, 1), -1) };
}
