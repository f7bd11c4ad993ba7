import { getDomain } from 'tldts';
import type { z } from 'zod';

type Path = (string | number)[];

/** `*.co.kr` covers every company in Korea: a wildcard must sit under a registrable domain (Public Suffix List, private suffixes too). */
export function wildcardCoversPublicSuffix(pattern: string): boolean {
  if (!pattern.startsWith('*.')) return false;
  const rest = pattern.slice(2).toLowerCase();
  return getDomain(rest, { allowPrivateDomains: true }) === null;
}

/** A stub or proxy on this machine (benchmarks, a local TLS terminator) is not the network. */
function loopback(url: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * What a provider checks outside the sandbox, with paths inside its own config section: every URL that carries
 * a secret or a person's data must be https, host wildcards must not cover a public suffix, relative URLs need
 * `publicUrl` (else they would follow the Host header).
 */
export interface UrlChecks {
  issue(path: Path, message: string): void;
  https(path: Path, url: string | undefined, what: string): void;
  /** A path (`/shop`) is resolved against publicUrl: refused when there is none. */
  relative(path: Path, url: string | undefined): void;
  wildcards(path: Path, hosts: readonly string[] | undefined): void;
}

export function urlChecks(root: { publicUrl?: string }, ctx: z.RefinementCtx, prefix: Path = []): UrlChecks {
  const issue = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path: [...prefix, ...path], message });
  return {
    issue,
    https(path, url, what) {
      if (url && /^http:\/\//i.test(url) && !loopback(url)) issue(path, `must be https:// outside the sandbox (${what})`);
    },
    relative(path, url) {
      if (url && url.startsWith('/') && !root.publicUrl)
        issue(path, 'is a path: set publicUrl (absolute links never come from the Host header outside the sandbox)');
    },
    wildcards(path, hosts) {
      hosts?.forEach((p, i) => {
        if (wildcardCoversPublicSuffix(p))
          issue([...path, i], `${p} covers a public suffix: name the company's own domain (e.g. *.company.co.kr)`);
      });
    },
  };
}
