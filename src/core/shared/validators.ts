/**
 * Small validators every form shares (Lion style): pure functions on model
 * values, plus formatters for what people see. Model values are canonical
 * (`1208147521`); display values are formatted (`120-81-47521`).
 */

/** Strips spaces and dashes: `120-81-47521` → `1208147521`. */
export const stripSeparators = (s: string): string => s.replace(/[\s-]/g, '');

const BIZ_WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];

/**
 * 사업자등록번호 check digit (10 digits): weights 1,3,7,1,3,7,1,3,5 on digits 1–9,
 * S = Σ dᵢ·wᵢ + ⌊d₉·5/10⌋, valid when (10 − S mod 10) mod 10 = d₁₀.
 */
export function isBusinessNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const d = Array.from(value, Number);
  let sum = BIZ_WEIGHTS.reduce((s, w, i) => s + d[i]! * w, 0);
  sum += Math.floor((d[8]! * 5) / 10);
  return (10 - (sum % 10)) % 10 === d[9];
}

/** `1208147521` → `120-81-47521`; anything else is returned unchanged. */
export const formatBusinessNumber = (value: string): string =>
  /^\d{10}$/.test(value) ? value.replace(/^(\d{3})(\d{2})(\d{5})$/, '$1-$2-$3') : value;

/** Korean postal code (since 2015): 5 digits. */
export const ZIP_CODE = /^\d{5}$/;

/**
 * Telephone, mobile or fax written with dashes, as SmartBill's signup asks ("-포함", seed 000): digit groups joined by
 * dashes (`02-1111-1111`, `010-1234-5678`, `1588-1234`), 7–15 digits in all. The seed excludes nothing else, so (our
 * choice) an international `+82-2-1234-5678` and an extension (`02-1234-5678 내선 123`, `ext. 123`, `x123`, `#123`) pass.
 */
export const PHONE_WITH_DASHES = /^(?=\+?(?:\d-?){7,15}(?!-?\d))\+?\d{1,4}(?:-\d{1,4}){1,4}(?:\s*(?:내선|ext\.?|x|#)\s*\d{1,6})?$/i;

/** A plain e-mail address (one @, a dot in the domain, no spaces). */
export const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Digits of a Korean phone number → the dashed form people write (and SmartBill requires):
 * `0211111111` → `02-1111-1111`, `0312345678` → `031-234-5678`, `01012345678` → `010-1234-5678`,
 * `15881234` → `1588-1234`. Anything else (already dashed, foreign, too short) is returned unchanged.
 */
export function formatPhone(value: string): string {
  const d = value.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(d)) return value;
  if (/^1\d{7}$/.test(d)) return d.replace(/^(\d{4})(\d{4})$/, '$1-$2');
  if (/^02\d{7,8}$/.test(d)) return d.replace(/^(02)(\d{3,4})(\d{4})$/, '$1-$2-$3');
  if (/^0\d{2}\d{7,8}$/.test(d)) return d.replace(/^(0\d{2})(\d{3,4})(\d{4})$/, '$1-$2-$3');
  return value;
}
