import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { authConfigSchema } from './auth/config-schema.ts';
import { checkWebhooksConfig, endpointSecrets, webhooksConfigSchema } from './webhooks/config-schema.ts';
import { ecountConfigSchema, ecountSecrets } from '../../ecount/server/config-schema.ts';
import { openApiConfigSchema } from '../../smartbill/server/openapi-config.ts';
import { encryptionKeyBytes } from './crypto.ts';
import { networkConfigShape } from './network-config.ts';
import { productionChecks } from './production-checks.ts';

/**
 * The adapter's configuration, validated at start. Any string value may be
 * written as `{ "env": "NAME" }` to read it from an environment variable, so
 * secrets need not sit in the file.
 */
const secret = z.string().min(1);
const origin = z.string().refine((s) => {
  try {
    return new URL(s).origin === s;
  } catch {
    return false;
  }
}, 'must be an origin like https://erp.example.com (scheme, host, optional port; no path)');

export const iamportConfigSchema = z.object({
  impKey: secret,
  impSecret: secret,
  apiBase: z.url({ protocol: /^https?$/ }).default('https://api.iamport.kr'),
  timeoutMs: z.number().int().positive().max(60_000).default(10_000),
  /** Fields of a verified certification kept in the store. */
  storeFields: z
    .array(
      z.enum([
        'imp_uid',
        'merchant_uid',
        'unique_key',
        'unique_in_site',
        'certified_at',
        'name',
        'phone',
        'birthday',
        'gender',
        'pg_provider',
      ]),
    )
    .default(['imp_uid', 'merchant_uid', 'unique_key', 'unique_in_site', 'certified_at']),
  /** Keep CI/DI (unique_key, unique_in_site) in clear text; by default only keyed HMACs are stored (lookup still works). */
  plainIdentifiers: z.boolean().default(false),
  /** Refuse people younger than this, checked server-side (the browser's min-age is only a hint). */
  minAge: z.number().int().min(0).max(150).optional(),
  /** Let pages with no logged-in user (signup pages) verify a person without a page token; bound to merchant_uid only. */
  anonymous: z.boolean().default(false),
});

/** A host name, or `*.example.com` for any subdomain of example.com. */
const hostPattern = z.string().regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a host like cert.benecafe.co.kr or *.benecafe.co.kr');
/** An absolute http(s) URL, or a path on the adapter's own origin (`/shop/main`). */
const urlOrPath = z.string().refine((s) => {
  if (s.startsWith('/') && !s.startsWith('//')) return true;
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL or a path starting with /');

export const benecafeConfigSchema = z.object({
  /**
   * Hosts CUS_URL and CHECKURL may name for every customer (HTTPS only; IPs and localhost are always refused). This is the
   * SSRF guard: no default outside the sandbox (an empty CUS_URL still means https://cert.benecafe.co.kr, per seed 002).
   */
  otpHosts: z.array(hostPattern).min(1).optional(),
  /** More such hosts for one customer company, keyed by its cmpy_cd: `{ "C0001": ["welfare.customer.co.kr"] }`. */
  customerHosts: z.record(z.string().min(1), z.array(hostPattern)).default({}),
  /** Welfare-mall origins allowed to POST the gate (Origin, else Referer): a login/logout CSRF guard. Required outside the sandbox. */
  gateOrigins: z.array(origin).optional(),
  /**
   * Refuse a gate whose CFM_CUS_ID differs from the OTP answer's custId (401 benecafe_member_mismatch). Seed 002 never says the
   * two are equal: an assumption, so off by default outside the sandbox.
   */
  matchMember: z.boolean().optional(),
  /** The partner's main page: where a member lands by default. */
  mainUrl: urlOrPath,
  /** Extra origins (besides mainUrl's) that DirectURL and BaroItem pages may be on. */
  partnerOrigins: z.array(origin).default([]),
  /** Product page for BaroItem; `{BaroItem}` is replaced by the URL-encoded product code. */
  baroItemUrlTemplate: urlOrPath.refine((s) => s.includes('{BaroItem}'), 'must contain {BaroItem}').optional(),
  /** Hosts POPUPURL (point balance) may be on; HTTPS only. The default is the project's assumption (seed 002 names no host). */
  popupHosts: z.array(hostPattern).default(['*.benecafe.co.kr']),
  /** Gate session lifetime. */
  sessionTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(3 * 3600),
  /** Where a person without a session goes back to (the welfare mall). The default is an assumption (seed 002 names no mall URL). */
  welfareMallUrl: urlOrPath.default('https://www.benecafe.co.kr'),
  /** Ask CHECKURL whether the posted CFM_CUS_ID is a member (when Benecafe sends one); POST/urlencoded/plain Y-N are assumed. */
  checkUrl: z.boolean().default(false),
  timeoutMs: z.number().int().positive().max(60_000).default(5_000),
  /** Secure cookie flag; defaults to on outside the sandbox. */
  secureCookie: z.boolean().optional(),
});

export { encryptionKeyBytes };

/** A 32-byte AES-256-GCM key written as base64 (44 chars) or hex (64 chars). */
const encryptionKey = z.string().refine((s) => !!encryptionKeyBytes(s), 'must be 32 bytes written as base64 (44 chars) or hex (64 chars)');

export const smartbillConfigSchema = z.object({
  /** Which SmartBill the form posts to and whose callback IPs are expected (not `env`: `{ "env": … }` reads a variable). */
  environment: z.enum(['demo', 'production']).default('production'),
  /** Older name of the top-level `encryptionKey`, still accepted (the top-level key wins when both are set). */
  encryptionKey: encryptionKey.optional(),
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
  /** The scraping Open API behind `<smartbill-invoice-list>` (src/smartbill/openapi-config.ts). */
  openApi: openApiConfigSchema.optional(),
});

export const adapterConfigSchema = z
  .object({
    /** Path prefix of every adapter route, e.g. `/api`. */
    basePath: z
      .string()
      .regex(/^(\/[A-Za-z0-9._~-]+)*$/, 'must be empty or start with / and have no trailing slash')
      .default(''),
    sandbox: z.boolean().default(false),
    /** Origins whose pages may call the browser-facing routes. */
    allowedOrigins: z.array(origin).default([]),
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
    encryptionKey: encryptionKey.optional(),
    /** Keys used before a rotation: still decrypt (and match CI/DI digests) until `erp-widgets-adapter rekey` has run. */
    previousEncryptionKeys: z.array(encryptionKey).default([]),
    ...networkConfigShape,
    iamport: iamportConfigSchema.optional(),
    smartbill: smartbillConfigSchema.optional(),
    benecafe: benecafeConfigSchema.optional(),
    auth: authConfigSchema.prefault({}),
    webhooks: webhooksConfigSchema.prefault({}),
    ecount: ecountConfigSchema.optional(),
  })
  .strict()
  // Outside the sandbox some provider settings become mandatory; checked here so start-up fails before any I/O.
  .superRefine((c, ctx) => {
    checkWebhooksConfig(c, ctx);
    if (c.sandbox) return;
    productionChecks(c, ctx);
    if ((c.smartbill || c.iamport) && !resolvedEncryptionKey(c)) {
      ctx.addIssue({
        code: 'custom',
        path: ['encryptionKey'],
        message:
          'required outside the sandbox (32 bytes, base64 or hex) to encrypt credentials and tokens at rest (or the older smartbill.encryptionKey)',
      });
    }
    if (c.ecount && !resolvedEncryptionKey(c)) {
      ctx.addIssue({
        code: 'custom',
        path: ['encryptionKey'],
        message: 'required outside the sandbox to encrypt the Ecount session at rest',
      });
    }
    // A relative main page would be resolved against the request's Host header.
    if (c.benecafe && !/^https:\/\//.test(c.benecafe.mainUrl)) {
      ctx.addIssue({ code: 'custom', path: ['benecafe', 'mainUrl'], message: 'must be an absolute https:// URL outside the sandbox' });
    }
  });

/** The key that seals new values: top-level `encryptionKey`, else the older `smartbill.encryptionKey`. */
export function resolvedEncryptionKey(c: { encryptionKey?: string; smartbill?: { encryptionKey?: string } }): string | undefined {
  return c.encryptionKey ?? c.smartbill?.encryptionKey;
}

export type AdapterConfigInput = z.input<typeof adapterConfigSchema>;
export type AdapterConfig = z.output<typeof adapterConfigSchema>;
export type IamportConfig = z.output<typeof iamportConfigSchema>;
export type SmartbillConfig = z.output<typeof smartbillConfigSchema>;
export type BenecafeConfig = z.output<typeof benecafeConfigSchema>;

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

/** Validates a config object; the error names every bad key. */
export function parseConfig(input: unknown, env: NodeJS.ProcessEnv = process.env): AdapterConfig {
  const resolved = resolveEnvRefs(input ?? {}, env);
  const result = adapterConfigSchema.safeParse(resolved);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const key = i.path.length ? i.path.join('.') : '(root)';
      const extra = i.code === 'unrecognized_keys' ? ` (${i.keys.join(', ')})` : '';
      return `  - config key "${key}": ${i.message}${extra}`;
    });
    throw new ConfigError(`invalid adapter config:\n${lines.join('\n')}`);
  }
  return result.data;
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
export function configSecrets(config: AdapterConfig): string[] {
  const out: string[] = [];
  if (config.iamport) out.push(config.iamport.impKey, config.iamport.impSecret);
  if (config.store.postgres) {
    out.push(config.store.postgres.url);
    try {
      const password = decodeURIComponent(new URL(config.store.postgres.url).password);
      if (password) out.push(password);
    } catch {
      // not a URL the WHATWG parser takes; the whole value is redacted still
    }
  }
  if (config.smartbill?.encryptionKey) out.push(config.smartbill.encryptionKey);
  if (config.auth.secret) out.push(config.auth.secret);
  out.push(...config.auth.serverKeys, ...config.webhooks.endpoints.flatMap(endpointSecrets));
  out.push(...ecountSecrets(config.ecount));
  if (config.encryptionKey) out.push(config.encryptionKey);
  out.push(...config.previousEncryptionKeys);
  return out;
}
