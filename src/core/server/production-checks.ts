import { getDomain } from 'tldts';
import type { z } from 'zod';

/** What the checks read; a structural type so this file need not import the schema (no import cycle). */
interface Checked {
  publicUrl?: string;
  iamport?: { apiBase: string };
  smartbill?: { site?: string };
  benecafe?: {
    mainUrl: string;
    partnerOrigins: string[];
    welfareMallUrl: string;
    baroItemUrlTemplate?: string;
    otpHosts?: string[];
    popupHosts: string[];
    customerHosts: Record<string, string[]>;
    gateOrigins?: string[];
  };
}

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
 * Outside the sandbox: every URL that carries a secret or a person's data must
 * be https, host wildcards must not cover a public suffix, relative URLs need
 * `publicUrl` (else they would follow the Host header), and the Benecafe gate
 * needs its welfare-mall origins and OTP hosts named (no invented default).
 */
export function productionChecks(c: Checked, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const https = (path: (string | number)[], url: string | undefined, what: string) => {
    if (url && /^http:\/\//i.test(url) && !loopback(url)) issue(path, `must be https:// outside the sandbox (${what})`);
  };
  const relative = (path: (string | number)[], url: string | undefined) => {
    if (url && url.startsWith('/') && !c.publicUrl)
      issue(path, 'is a path: set publicUrl (absolute links never come from the Host header outside the sandbox)');
  };
  const wildcards = (path: (string | number)[], list: readonly string[] | undefined) =>
    list?.forEach((p, i) => {
      if (wildcardCoversPublicSuffix(p))
        issue([...path, i], `${p} covers a public suffix: name the company's own domain (e.g. *.benecafe.co.kr)`);
    });

  https(['publicUrl'], c.publicUrl, 'pages get page tokens and personal data from it');
  if (c.iamport) https(['iamport', 'apiBase'], c.iamport.apiBase, 'imp_secret and access tokens travel to it');
  if (c.smartbill?.site) {
    https(['smartbill', 'site'], c.smartbill.site, 'the signup form posts company and personal data to it');
    if (!/^https?:\/\//.test(c.smartbill.site)) issue(['smartbill', 'site'], 'must be an absolute https:// URL outside the sandbox');
  }
  const b = c.benecafe;
  if (!b) return;
  https(['benecafe', 'welfareMallUrl'], b.welfareMallUrl, 'members are sent there');
  https(['benecafe', 'baroItemUrlTemplate'], b.baroItemUrlTemplate, 'members land there with their session');
  b.partnerOrigins.forEach((o, i) => https(['benecafe', 'partnerOrigins', i], o, 'members land there with their session'));
  (b.gateOrigins ?? []).forEach((o, i) => https(['benecafe', 'gateOrigins', i], o, 'the gate form carries the OTP token'));
  relative(['benecafe', 'welfareMallUrl'], b.welfareMallUrl);
  wildcards(['benecafe', 'otpHosts'], b.otpHosts);
  wildcards(['benecafe', 'popupHosts'], b.popupHosts);
  for (const [company, hosts] of Object.entries(b.customerHosts)) wildcards(['benecafe', 'customerHosts', company], hosts);
  if (!b.gateOrigins?.length) {
    issue(
      ['benecafe', 'gateOrigins'],
      'required outside the sandbox: the welfare mall origins allowed to POST the gate (e.g. https://www.benecafe.co.kr)',
    );
  }
  if (!b.otpHosts?.length && !Object.keys(b.customerHosts).length) {
    issue(
      ['benecafe', 'otpHosts'],
      'required outside the sandbox (or benecafe.customerHosts per cmpy_cd): the welfare-mall hosts CUS_URL may name, e.g. ["cert.benecafe.co.kr", "*.benecafe.co.kr"]',
    );
  }
}
