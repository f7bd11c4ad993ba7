import { z } from 'zod';

/** Standard Webhooks secret: `whsec_` + base64 of 24–64 random bytes. */
export const webhookSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]{32,88}={0,2}$/, 'must be whsec_ followed by base64 (e.g. "whsec_" + openssl rand -base64 32)');

/** `config.webhooks`; `eventTypes` are the events the providers emit (each provider module lists its own). */
export const webhooksConfigSchema = (eventTypes: readonly string[]) =>
  z.object({
    /** Where events are POSTed (https outside the sandbox), each with its own signing secret. */
    endpoints: z
      .array(
        z.object({
          url: z.url({ protocol: /^https?$/ }),
          /** One secret, or several while rotating: each delivery then carries one signature per secret. */
          secret: z.union([webhookSecret, z.array(webhookSecret).min(1).max(5)]),
          /** Event types to send; all when omitted. Names are checked: a typo would silently send nothing. */
          events: z.array(z.enum(eventTypes)).min(1).optional(),
        }),
      )
      .default([]),
    /** Give up (dead, listed at GET /server/webhooks/failed) after this long. */
    retryForSeconds: z
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(24 * 3600),
    /** One delivery's timeout. */
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  });

export type WebhooksConfig = z.output<ReturnType<typeof webhooksConfigSchema>>;
export type WebhookEndpoint = WebhooksConfig['endpoints'][number];

/** An endpoint's secrets as a list (config takes one or several). */
export const endpointSecrets = (e: Pick<WebhookEndpoint, 'secret'>): string[] => (Array.isArray(e.secret) ? e.secret : [e.secret]);

/** Outside the sandbox every target is https: payloads name people and companies. */
export function checkWebhooksConfig(c: { sandbox: boolean; webhooks: WebhooksConfig }, ctx: z.RefinementCtx): void {
  if (c.sandbox) return;
  c.webhooks.endpoints.forEach((e, i) => {
    if (!e.url.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['webhooks', 'endpoints', i, 'url'], message: 'must be https:// outside the sandbox' });
    }
  });
}
