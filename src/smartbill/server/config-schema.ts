import { z } from 'zod';
import { encryptionKeySchema } from '../../core/server/config-fields.ts';
import { scrapeApiConfigSchema } from './scrape-api-config.ts';

/** `config.smartbill`. */
export const smartbillConfigSchema = z.object({
  /** Which SmartBill the form posts to and whose callback IPs are expected (not `env`: `{ "env": … }` reads a variable). */
  environment: z.enum(['demo', 'production']).default('production'),
  /** Older name of the top-level `encryptionKey`, still accepted (the top-level key wins when both are set). */
  encryptionKey: encryptionKeySchema.optional(),
  /**
   * Accept callbacks only from these source IPs (default: SmartBill's IP for the env, from seed 000).
   * On by default outside the sandbox: business numbers are public, so an open callback would let anyone
   * replace a company's stored credentials.
   */
  callbackIpAllowList: z.object({ enabled: z.boolean().optional(), ips: z.array(z.union([z.ipv4(), z.ipv6()])).optional() }).default({}),
  /** Older name of the top-level `trustedProxyHeader`; believed only from the top-level `trustedProxies`. */
  trustedProxyHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
  /** SmartBill's site; an absolute URL, or a path relative to the adapter (the sandbox's fake pages). */
  site: z
    .string()
    .regex(/^(https?:\/\/[^\s/]+|[a-z0-9/_-]+)$/, 'must be an origin like https://www.smartbill.co.kr or a relative path')
    .optional(),
  /** Longest wait of one long-poll read of an attempt. */
  longPollMs: z.number().int().min(0).max(60_000).default(25_000),
  /** SmartBill's scraping "Open API" behind `<smartbill-invoice-list>` (scrape-api-config.ts); the key keeps SmartBill's name. */
  openApi: scrapeApiConfigSchema.optional(),
});

export type SmartbillConfig = z.output<typeof smartbillConfigSchema>;
