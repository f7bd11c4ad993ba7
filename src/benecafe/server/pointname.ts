/**
 * Point names (포인트명) arrive as `pointname`, which breaks when Benecafe's
 * side sends EUC-KR, and as `pointnameBase64` (UTF-8). We keep `pointname`
 * when it reads as clean text, else decode the Base64 one, else use the name
 * Benecafe's member record carries.
 */

/** Replacement characters, C1 controls or Latin-1 letters (EUC-KR bytes read as Latin-1), `??` runs. */
export function looksGarbled(text: string): boolean {
  return /[\uFFFD\u0000-\u001F\u007F-\u00FF]|\?\?/.test(text);
}

/**
 * Decodes Base64 (standard or URL-safe, padding optional, whitespace and a
 * form-decoded `+`→space tolerated) as strict UTF-8. Undefined when it is not.
 */
export function decodeBase64Utf8(input: string): string | undefined {
  const compact = input
    .replace(/[\r\n\t]/g, '')
    .replace(/ /g, '+')
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/=+$/, '');
  if (!compact || !/^[A-Za-z0-9+/]+$/.test(compact) || compact.length % 4 === 1) return undefined;
  const bytes = Buffer.from(compact + '='.repeat((4 - (compact.length % 4)) % 4), 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

const clean = (s: string | undefined): string | undefined => {
  const t = s?.trim();
  return t && t.length <= 40 && !looksGarbled(t) ? t : undefined;
};

export const DEFAULT_POINT_NAME = '복지포인트';

export function resolvePointName(
  pointname: string | undefined,
  base64: string | undefined,
  fromMember: string | undefined,
): { name: string; source: 'pointname' | 'base64' | 'member' | 'default' } {
  const plain = clean(pointname);
  if (plain) return { name: plain, source: 'pointname' };
  const decoded = clean(base64 ? decodeBase64Utf8(base64) : undefined);
  if (decoded) return { name: decoded, source: 'base64' };
  const member = clean(fromMember);
  if (member) return { name: member, source: 'member' };
  return { name: DEFAULT_POINT_NAME, source: 'default' };
}
