/**
 * CSV for Excel: UTF-8 with a BOM (so Hangul shows), RFC 4180 quoting, CRLF
 * lines, and safe against formula injection: a text cell starting with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'`. Whole integers (amounts,
 * negative ones included) stay numbers: Excel reads them as values, not formulas.
 */
export function csvCell(value: string): string {
  let s = value;
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Offers `csv` as a download named `filename`. */
export function downloadCsv(csv: string, filename: string, host: Element): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  (host.shadowRoot ?? host).append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
