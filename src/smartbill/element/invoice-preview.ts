/** No script, no network from the preview: only inline styles and data: images. */
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * An invoice's XML rendered with SmartBill's XSL (`XSLTProcessor`), as the
 * `srcdoc` of a sandboxed iframe (no `allow-scripts`): whatever the XML or the
 * XSL carry, nothing runs. Scripts are also dropped and a CSP forbids them.
 * Without XSLT (or when a document does not parse) the XML is shown as text.
 */
export function invoiceSrcdoc(xml: string, xsl: string): string {
  const parser = new DOMParser();
  const xmlDoc = parser.parseFromString(xml, 'application/xml');
  const xslDoc = parser.parseFromString(xsl, 'application/xml');
  const parsed = !xmlDoc.querySelector('parsererror') && !xslDoc.querySelector('parsererror');
  let out: Document | undefined;
  if (parsed && typeof XSLTProcessor === 'function') {
    const p = new XSLTProcessor();
    p.importStylesheet(xslDoc);
    out = p.transformToDocument(xmlDoc) ?? undefined;
  }
  const root = out?.documentElement;
  if (!root) return `${CSP}<pre style="white-space:pre-wrap">${escapeHtml(xml)}</pre>`;
  for (const bad of root.querySelectorAll('script,iframe,object,embed,base,meta[http-equiv]')) bad.remove();
  return `<!doctype html>${CSP}${root.outerHTML}`;
}
