import type { z } from 'zod';
import type { UrlChecks } from './production-checks.ts';

// What config validation needs of a provider, apart from `ProviderModule` (provider.ts), which also names the
// adapter's config in its context: config.ts imports only this, so the two do not import each other.

/** `config.<name>`: its schema (parsed `C` from written `I`) and what the core must know about it. */
export interface ProviderConfig<C, I = unknown> {
  schema: z.ZodType<C, I>;
  /** Every secret value in it, for the log redactor and the leak tests. */
  secrets?(config: C): string[];
  /** Why the provider needs `encryptionKey` outside the sandbox (it seals something at rest); unset when it seals nothing. */
  sealsAtRest?: string;
  /** Outside the sandbox: what must be https, absolute or named (paths are inside `config.<name>`). */
  productionChecks?(config: C, checks: UrlChecks): void;
  /** Older names of top-level keys that this section still carries (they win only when the top-level key is unset). */
  legacyTopLevel?(config: C): { encryptionKey?: string; trustedProxyHeader?: string };
}

/** A provider as config validation sees it: its section of the config, its name and its webhook events. */
export interface ProviderSection<C = unknown, N extends string = string, I = unknown> {
  /** The config key, the first path segment of its routes, its OpenAPI tag and its scope and event prefix. */
  name: N;
  /** How people write it (error messages): `SmartBill`. */
  title: string;
  config: ProviderConfig<C, I>;
  /** Webhook events it emits: type → the schema of `data` (what an ERP's receiver gets). */
  events: Record<string, z.ZodType>;
}
