import { z } from 'zod';

/** SmartBill's Open API hosts (seed 001): every call is `POST /sb-api/request/`. */
export const SMARTBILL_SCRAPE_API_URLS = {
  demo: 'https://demoapi.smartbill.co.kr/sb-api/request/',
  production: 'https://api.smartbill.co.kr/sb-api/request/',
} as const;

/** ExpirationDateCode of GET_TOKEN: D 1 day, W 7, H 15, M 30, Q 90, R 180, Y 365, Z permanent, C custom. */
export const EXPIRATION_DAYS = { D: 1, W: 7, H: 15, M: 30, Q: 90, R: 180, Y: 365 } as const;
export type ExpirationDateCode = keyof typeof EXPIRATION_DAYS | 'Z' | 'C';

/** `smartbill.openApi`: the scraping Open API (tax invoices collected from Hometax). */
export const scrapeApiConfigSchema = z.object({
  /** Request URL; defaults to demoapi/api by `smartbill.environment`. Must be https outside the sandbox. */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Lifetime asked for when the adapter re-issues an AUTH_TOKEN with GET_TOKEN. */
  tokenExpiration: z.enum(['D', 'W', 'H', 'M', 'Q', 'R', 'Y', 'Z']).default('M'),
  timeoutMs: z.number().int().positive().max(120_000).default(20_000),
  /** OS_DTI_LIST windows fetched at once (each is at most 30 days). */
  concurrency: z.number().int().min(1).max(4).default(2),
});
export type ScrapeApiConfig = z.output<typeof scrapeApiConfigSchema>;

/** Expiry (ms) of a token issued at `issuedAt` with `code`; null when it never expires or is custom. */
export function tokenExpiry(code: string, issuedAt: number): number | null {
  const days = EXPIRATION_DAYS[code as keyof typeof EXPIRATION_DAYS];
  return days ? issuedAt + days * 86_400_000 : null;
}
