import { currentRequestId } from './request-scope.ts';

/**
 * Logging with secrets redacted. Every secret value known to the config is
 * replaced wherever it appears, and values under secret-looking keys are
 * masked, so a log line can never carry an API key, token or OTP.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;

const SECRET_KEY = /secret|token|password|passwd|auth_?code|otp|api_?key|imp_key|session_?id|cookie|authorization/i;
const REDACTED = '[redacted]';

export function createLogger(options: { secrets?: Iterable<string>; sink?: LogSink; silent?: boolean } = {}): Logger {
  const secrets = new Set<string>();
  for (const s of options.secrets ?? []) if (s) secrets.add(s);
  const sink: LogSink = options.sink ?? ((line) => process.stdout.write(line + '\n'));

  const scrub = (text: string): string => {
    let out = text;
    // Short values would redact ordinary words; secrets are long in practice.
    for (const s of secrets) if (s.length >= 6) out = out.split(s).join(REDACTED);
    return out;
  };
  const scrubFields = (value: unknown, depth = 0): unknown => {
    if (depth > 4) return '[…]';
    if (typeof value === 'string') return scrub(value);
    if (Array.isArray(value)) return value.map((v) => scrubFields(v, depth + 1));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? REDACTED : scrubFields(v, depth + 1);
      return out;
    }
    return value;
  };
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (options.silent) return;
    // A line written while a request is handled names it, so the line a user reports (by its X-Request-Id) can be found.
    const requestId = currentRequestId();
    const record = {
      time: new Date().toISOString(),
      level,
      msg: scrub(message),
      ...(requestId ? { requestId } : {}),
      ...(scrubFields(fields ?? {}) as object),
    };
    sink(JSON.stringify(record));
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** Query parameters whose values are never logged. */
export function redactUrl(url: URL): string {
  if (!url.search) return url.pathname;
  const params = new URLSearchParams();
  for (const [k] of url.searchParams) params.set(k, REDACTED);
  return `${url.pathname}?${params.toString().replaceAll('%5Bredacted%5D', REDACTED)}`;
}
