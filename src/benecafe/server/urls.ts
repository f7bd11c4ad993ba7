import { isIP } from 'node:net';

/** `cert.benecafe.co.kr` matches itself; `*.benecafe.co.kr` matches any subdomain (not the apex). */
export function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((p) => {
    const q = p.toLowerCase();
    return q.startsWith('*.') ? h.endsWith(q.slice(1)) && h.length > q.length - 1 : h === q;
  });
}

/** Loopback, private, link-local and other non-public addresses, and localhost names. */
export function isLocalOrPrivate(hostname: string): boolean {
  const h = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  const kind = isIP(h);
  if (kind === 4) {
    const [a, b] = h.split('.').map(Number) as [number, number];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (kind === 6) {
    if (h === '::' || h === '::1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
    if (mapped) return isLocalOrPrivate(mapped[1]!);
    if (/^::ffff:/.test(h)) return true;
    return /^(fc|fd|fe[89ab]|ff)/.test(h);
  }
  return false;
}

export type OutboundCheck = { ok: true; url: URL } | { ok: false; reason: 'insecure' | 'local' | 'not_allowed' | 'malformed' };

/**
 * May the adapter call this Benecafe-supplied URL? HTTPS only, no user info,
 * default port, never a local/private address, and a host on the allow-list.
 * Checked before any request is made.
 */
export function checkOutbound(raw: string, allowedHosts: readonly string[]): OutboundCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'insecure' };
  if (url.username || url.password || url.port) return { ok: false, reason: 'not_allowed' };
  if (isLocalOrPrivate(url.hostname)) return { ok: false, reason: 'local' };
  if (isIP(url.hostname.replace(/^\[|\]$/g, '')) || !hostAllowed(url.hostname, allowedHosts)) return { ok: false, reason: 'not_allowed' };
  return { ok: true, url };
}

/** An http(s) URL (absolute, or relative to `base`) whose origin is one of `origins`; else undefined. */
export function sameOriginTarget(raw: string, base: URL, origins: ReadonlySet<string>): URL | undefined {
  // Backslashes and control characters make browsers and parsers disagree: refuse them.
  if (!raw || /[\\\u0000-\u001F\u007F]/.test(raw) || raw.startsWith('//')) return undefined;
  try {
    const url = new URL(raw, base);
    if (!/^https?:$/.test(url.protocol) || url.username || url.password) return undefined;
    return origins.has(url.origin) ? url : undefined;
  } catch {
    return undefined;
  }
}
