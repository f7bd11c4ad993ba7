import { z } from 'zod';
import { isAddressOrCidr } from './client-ip.ts';

const rule = z.object({ capacity: z.number().int().min(1).max(1_000_000), refillPerSecond: z.number().positive().max(100_000) });

/**
 * Top-level config keys about the network around the adapter: who the client
 * is behind proxies, the adapter's public address, and the limits on browser
 * routes. Spread into `adapterConfigSchema`.
 */
export const networkConfigShape = {
  /**
   * Reverse proxies (addresses or CIDRs, e.g. "10.0.0.0/8") whose `trustedProxyHeader` is believed.
   * Without them the forwarded header is ignored and the socket's address is the client.
   */
  trustedProxies: z.array(z.string().refine(isAddressOrCidr, 'must be an IP address or a CIDR block like 10.0.0.0/8')).default([]),
  /** The header those proxies set (default X-Forwarded-For; `smartbill.trustedProxyHeader` is still read). */
  trustedProxyHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
  /**
   * The adapter's public URL (scheme, host, base path), e.g. https://erp.example.com/erp-api. Absolute links and the
   * adapter's own origin come from here, never from the Host header; outside the sandbox relative URLs in config need it.
   */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Limits on browser routes. Rates are token buckets in the store, shared by every instance. */
  limits: z
    .object({
      perIp: rule.nullable().default({ capacity: 300, refillPerSecond: 5 }),
      perToken: rule.nullable().default({ capacity: 120, refillPerSecond: 2 }),
      /** Open long-polls on one instance, in all and per client address. */
      longPolls: z.number().int().min(1).max(100_000).default(1000),
      longPollsPerClient: z.number().int().min(1).max(1000).default(4),
    })
    .prefault({}),
};
