import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { authConfigSchema } from './auth/config-schema.ts';
import { checkWebhooksConfig, endpointSecrets, webhooksConfigSchema } from './webhooks/config-schema.ts';
import { encryptionKeySchema, originSchema } from './config-fields.ts';
import { encryptionKeyBytes } from './crypto.ts';
import { networkConfigShape } from './network-config.ts';
import { operationsConfigShape } from './ops/config-schema.ts';
import { urlChecks } from './production-checks.ts';
import type { ProviderSection } from './provider-section.ts';

export { encryptionKeyBytes };

/** The top-level keys: everything but the providers' own sections. */
const coreShape = (eventTypes: readonly string[]) => ({
  /** Path prefix of every adapter route, e.g. `/api`. */
  basePath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/, 'must be empty or start with / and have no trailing slash')
    .default(''),
  sandbox: z.boolean().default(false),
  /** Origins whose pages may call the browser-facing routes. */
  allowedOrigins: z.array(originSchema).default([]),
  bodyLimitBytes: z
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(64 * 1024),
  store: z
    .object({
      sqlite: z.string().min(1).optional(),
      /** Several instances share one PostgreSQL (`url` like postgres://user:pass@host:5432/db; `{ "env": … }` works). */
      postgres: z
        .object({
          url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL'),
          /** Connections this instance keeps open (plus one for LISTEN). */
          poolSize: z.number().int().min(1).max(100).default(10),
        })
        .strict()
        .optional(),
    })
    .refine((s) => !(s.sqlite && s.postgres), 'choose sqlite or postgres, not both')
    .default({ sqlite: './data/erp-widgets.db' }),
  log: z.enum(['info', 'silent']).default('info'),
  /** Encrypts provider credentials and tokens at rest (AES-256-GCM). Required outside the sandbox when a provider stores secrets. */
  encryptionKey: encryptionKeySchema.optional(),
  /** Keys used before a rotation: still decrypt (and match CI/DI digests) until `erp-widgets-adapter rekey` has run. */
  previousEncryptionKeys: z.array(encryptionKeySchema).default([]),
  ...networkConfigShape,
  ...operationsConfigShape,
  auth: authConfigSchema.prefault({}),
  webhooks: webhooksConfigSchema(eventTypes).prefault({}),
});

/** The top-level keys, parsed. */
export type CoreConfig = z.output<z.ZodObject<ReturnType<typeof coreShape>>>;
/** The parsed config: the top-level keys, and each provider's section under its name (typed by the provider's module). */
export type AdapterConfig = CoreConfig & { readonly [provider: string]: unknown };
/** What a config file or object may hold (each provider's section is checked by its own schema). */
export type AdapterConfigInput = z.input<z.ZodObject<ReturnType<typeof coreShape>>> & { [provider: string]: unknown };

/**
 * The adapter's configuration, validated at start: the top-level keys and one optional section per provider, each
 * checked by the provider's schema. Any string value may be written as `{ "env": "NAME" }` to read it from an
 * environment variable, so secrets need not sit in the file. Outside the sandbox some settings become mandatory;
 * checked here so start-up fails before any I/O.
 */
export function adapterConfigSchema(providers: readonly ProviderSection[]) {
  const sections = Object.fromEntries(providers.map((p) => [p.name, p.config.schema.optional()]));
  return z
    .object({ ...coreShape(providers.flatMap((p) => Object.keys(p.events))), ...sections })
    .strict()
    .superRefine((c, ctx) => {
      checkWebhooksConfig(c, ctx);
      if (c.sandbox) return;
      const config = c as AdapterConfig;
      urlChecks(config, ctx).https(['publicUrl'], config.publicUrl, 'pages get page tokens and personal data from it');
      const key = resolvedEncryptionKey(config, providers);
      const reasons = new Set<string>();
      for (const p of providers) {
        const section = config[p.name];
        if (section === undefined) continue;
        p.config.productionChecks?.(section, urlChecks(config, ctx, [p.name]));
        if (p.config.sealsAtRest && !key) reasons.add(p.config.sealsAtRest);
      }
      for (const why of reasons) {
        ctx.addIssue({ code: 'custom', path: ['encryptionKey'], message: `required outside the sandbox (32 bytes, base64 or hex) ${why}` });
      }
    });
}

/** The key that seals new values: top-level `encryptionKey`, else an older name a provider section still carries. */
function resolvedEncryptionKey(c: AdapterConfig, providers: readonly ProviderSection[]): string | undefined {
  return c.encryptionKey ?? legacyTopLevel(c, providers).encryptionKey;
}

/** The top-level keys that older configs wrote inside a provider section. */
function legacyTopLevel(c: AdapterConfig, providers: readonly ProviderSection[]): { encryptionKey?: string; trustedProxyHeader?: string } {
  const out: { encryptionKey?: string; trustedProxyHeader?: string } = {};
  for (const p of providers) {
    const section = c[p.name];
    if (section === undefined || !p.config.legacyTopLevel) continue;
    const legacy = p.config.legacyTopLevel(section);
    out.encryptionKey ??= legacy.encryptionKey;
    out.trustedProxyHeader ??= legacy.trustedProxyHeader;
  }
  return out;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Replaces `{ "env": "NAME" }` leaves with the variable's value. */
export function resolveEnvRefs(value: unknown, env: NodeJS.ProcessEnv, path: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvRefs(v, env, [...path, String(i)]));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === 'env' && typeof entries[0]![1] === 'string') {
      const name = entries[0]![1];
      const v = env[name];
      if (v === undefined || v === '') throw new ConfigError(`config key "${path.join('.')}": environment variable ${name} is not set`);
      return v;
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, resolveEnvRefs(v, env, [...path, k])]));
  }
  return value;
}

/**
 * Validates a config object against the core's keys and these providers' sections; the error names every bad key.
 * Top-level keys still written under their older names in a provider section are copied up (the top-level key wins).
 */
export function parseConfig(input: unknown, providers: readonly ProviderSection[], env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  const resolved = resolveEnvRefs(input ?? {}, env);
  const result = adapterConfigSchema(providers).safeParse(resolved);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = i.path.length ? i.path.join('.') : '(root)';
      const extra = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
      return `  - config key "${key}": ${i.message}${extra}`;
    });
    throw new ConfigError(`invalid adapter config:\n${lines.join('\n')}`);
  }
  const config = result.data as AdapterConfig;
  const legacy = legacyTopLevel(config, providers);
  return {
    ...config,
    encryptionKey: config.encryptionKey ?? legacy.encryptionKey,
    trustedProxyHeader: config.trustedProxyHeader ?? legacy.trustedProxyHeader,
  };
}

export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Every secret value in the config, for the log redactor and the leak tests. */
export function configSecrets(config: AdapterConfig, providers: readonly ProviderSection[]): string[] {
  const out: string[] = [];
  for (const p of providers) if (config[p.name] !== undefined) out.push(...(p.config.secrets?.(config[p.name]) ?? []));
  if (config.store.postgres) {
    out.push(config.store.postgres.url);
    try {
      const password = decodeURIComponent(new URL(config.store.postgres.url).password);
      if (password) out.push(password);
    } catch {
      // not a URL the WHATWG parser takes; the whole value is redacted still
    }
  }
  if (config.auth.secret) out.push(config.auth.secret);
  out.push(...config.auth.serverKeys, ...config.webhooks.endpoints.flatMap(endpointSecrets));
  if (config.encryptionKey) out.push(config.encryptionKey);
  if (config.metrics?.token) out.push(config.metrics.token);
  out.push(...config.previousEncryptionKeys);
  return out;
}
