import type { StoreCache } from '../../core/server/cache.ts';
import type { Crypto } from '../../core/server/crypto.ts';
import type { DateKind, Invoice, SupBuyType } from '../shared/invoice-model.ts';

/** SmartBill collects from Hometax about every 20 minutes: asking again sooner fetches nothing new. */
export const LIST_TTL_MS = 20 * 60_000;
/** PREVIEW_FORM's XSL changes rarely. */
export const XSL_TTL_MS = 24 * 3_600_000;

export interface CachedWindow {
  invoices: Invoice[];
  /** When the adapter fetched them from SmartBill (epoch ms). */
  fetchedAt: number;
}

export interface WindowKey {
  comRegNo: string;
  type: SupBuyType;
  dateKind: DateKind;
  from: string;
  to: string;
}

/**
 * Cached SmartBill answers in the store (shared by instances): each window's
 * rows for 20 minutes, encrypted (a company's trading partners and amounts),
 * and the XSL for a day.
 */
export class InvoiceStore {
  constructor(
    private readonly cache: StoreCache,
    private readonly box: Crypto,
    private readonly now: () => number,
  ) {}

  private windowKey(k: WindowKey) {
    return `smartbill:invoices:${k.comRegNo}:${k.type}:${k.dateKind}:${k.from}:${k.to}`;
  }

  /** A window's rows and when they were fetched from SmartBill, while fresh. */
  async getWindow(k: WindowKey): Promise<CachedWindow | undefined> {
    const key = this.windowKey(k);
    const hit = await this.cache.get<string>(key);
    if (!hit) return undefined;
    try {
      const value = JSON.parse(this.box.decrypt(hit.value, key)) as CachedWindow | Invoice[];
      // An entry cached before fetch times were kept is a bare array: fetch again rather than guess its age.
      return Array.isArray(value) ? undefined : value;
    } catch {
      return undefined; // written under another key: fetch again
    }
  }

  async setWindow(k: WindowKey, window: CachedWindow): Promise<void> {
    const key = this.windowKey(k);
    await this.cache.set(key, this.box.encrypt(JSON.stringify(window), key), window.fetchedAt + LIST_TTL_MS);
  }

  async getXsl(scope: string): Promise<string | undefined> {
    return (await this.cache.get<string>(`smartbill:xsl:${scope}`))?.value;
  }

  async setXsl(scope: string, xsl: string): Promise<void> {
    await this.cache.set(`smartbill:xsl:${scope}`, xsl, this.now() + XSL_TTL_MS);
  }
}
