import { ApiError } from '../../core/server/errors.ts';
import { addDays, daysBetween, type DateKind, dateOf, type Invoice, type SupBuyType } from '../shared/invoice-model.ts';
import type { ScrapeApiRow } from './scrape-api-client.ts';

/** OS_DTI_LIST takes at most 30 days per call (both ends included). */
export const WINDOW_DAYS = 30;
export { oldestRetained, RETENTION_MONTHS } from '../shared/invoice-model.ts';

/** Splits `from`..`to` (inclusive) into consecutive windows of at most 30 days. */
export function splitWindows(from: string, to: string): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (let start = from; daysBetween(start, to) >= 0; start = addDays(start, WINDOW_DAYS)) {
    const end = addDays(start, WINDOW_DAYS - 1);
    out.push({ from: start, to: daysBetween(end, to) < 0 ? to : end });
  }
  return out;
}

/** Runs `tasks` at most `limit` at a time, reporting each completion; results keep the tasks' order. */
export async function runLimited<T>(tasks: (() => Promise<T>)[], limit: number, onDone: (done: number) => void): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
      onDone(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** Windows' rows → one list: deduplicated by ISSUE_ID (first seen wins), sorted by the searched date, then id. */
export function mergeWindows(windows: Invoice[][], dateKind: DateKind): Invoice[] {
  const byId = new Map<string, Invoice>();
  for (const rows of windows) for (const r of rows) if (!byId.has(r.issueId)) byId.set(r.issueId, r);
  return [...byId.values()].sort((a, b) => dateOf(a, dateKind).localeCompare(dateOf(b, dateKind)) || a.issueId.localeCompare(b.issueId));
}

// ---- SmartBill's rows → Invoice ------------------------------------------------

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** `20261105`, `2026-11-05` or `2026-11-05 10:11:12` → `2026-11-05`; anything else → ''. */
export function normaliseDate(v: unknown): string {
  const digits = str(v).replace(/\D/g, '');
  return digits.length >= 8 ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` : '';
}

/** An amount string as integer won: commas and a zero fraction allowed, nothing else. */
export function normaliseWon(v: unknown): string {
  const s = str(v).replace(/[,\s]/g, '');
  if (s === '') return '0';
  const m = /^([+-]?)(\d+)(?:\.0*)?$/.exec(s);
  if (!m) throw new ApiError(502, 'upstream_error', 'SmartBill sent an amount that is not whole won');
  const digits = m[2]!.replace(/^0+(?=\d)/, '');
  return m[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

const party = (r: ScrapeApiRow, p: 'SUP' | 'BYR') => ({
  regNo: str(r[`${p}_COM_REGNO`]).replace(/\D/g, ''),
  name: str(r[`${p}_COM_NAME`]),
  rep: str(r[`${p}_REP_NAME`]),
  email: str(r[`${p}_EMAIL`]),
});

export function normaliseRow(r: ScrapeApiRow, type: SupBuyType): Invoice | undefined {
  const issueId = str(r.ISSUE_ID);
  if (!issueId) return undefined;
  const sb = str(r.SUPBUY_TYPE ?? r.SUPBUY).toUpperCase();
  return {
    issueId,
    supBuyType: sb === 'AR' || sb === 'AP' ? sb : type,
    writeDate: normaliseDate(r.DTI_WDATE),
    issueDate: normaliseDate(r.DTI_IDATE),
    sendDate: normaliseDate(r.DTI_SDATE),
    typeCode: str(r.TYPE_CODE),
    taxDemand: str(r.TAX_DEMAND),
    supplier: party(r, 'SUP'),
    buyer: party(r, 'BYR'),
    supAmount: normaliseWon(r.SUP_AMOUNT),
    taxAmount: normaliseWon(r.TAX_AMOUNT),
    totalAmount: normaliseWon(r.TOTAL_AMOUNT),
  };
}
