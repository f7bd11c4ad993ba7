/** No script, no network from the preview: only inline styles and data: images. */
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const asText = (xml: string) => `${CSP}<pre style="white-space:pre-wrap">${escapeHtml(xml)}</pre>`;

const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
/** A DTD can declare external entities; an invoice or its form has no use for one. */
const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;
/** XPath's document() loads another document; so could XInclude. */
const LOADS = /\bdocument\s*\(|XInclude/i;

/**
 * Whether the stylesheet or the XML would make `XSLTProcessor` fetch something: it runs in the ERP page (outside the
 * frame's sandbox and CSP), so an `xsl:import`/`xsl:include`, a `document()` call (also in an attribute value
 * template) or an XInclude would be a request from that page, with its cookies.
 */
function loadsSomething(...docs: Document[]): boolean {
  for (const doc of docs) {
    for (const el of doc.getElementsByTagName('*')) {
      if (el.namespaceURI === XSL_NS && (el.localName === 'import' || el.localName === 'include')) return true;
      if (LOADS.test(el.namespaceURI ?? '')) return true;
      for (const attr of el.attributes) if (LOADS.test(attr.value) || LOADS.test(attr.namespaceURI ?? '')) return true;
    }
  }
  return false;
}

/** Elements that load, navigate, run or re-base something; removed by local name, whatever their case or namespace. */
const DROPPED = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'meta',
  'link',
  'portal',
  'fencedframe',
  'noscript',
  'template',
]);
const URL_ATTRS = /^(href|src|action|formaction|xlink:href|data|poster|background|srcset|ping)$/i;

/** Removes, in place, every dropped element, event handler and non-data: URL; returns how many it removed. */
function clean(doc: Document): number {
  let removed = 0;
  for (const el of [...doc.getElementsByTagName('*')]) {
    if (DROPPED.has(el.localName.toLowerCase())) {
      el.remove();
      removed += 1;
      continue;
    }
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.localName) || (URL_ATTRS.test(attr.name) && !/^\s*(data:image\/|#)/i.test(attr.value))) {
        el.removeAttributeNode(attr);
        removed += 1;
      }
    }
  }
  return removed;
}

/** The transformation's result (HTML, XML or text output alike) as markup. */
function serialize(out: Document): string {
  return out instanceof XMLDocument || !out.documentElement?.outerHTML
    ? new XMLSerializer().serializeToString(out)
    : out.documentElement.outerHTML;
}

/**
 * An invoice's XML rendered with SmartBill's XSL (`XSLTProcessor`), as the `srcdoc` of a sandboxed iframe (no
 * `allow-scripts`) under a CSP that allows no script and no request. What XSLTProcessor gets may fetch nothing
 * (no DTD, import, include, document() or XInclude). Its result, whatever `xsl:output` method, case or namespace, is
 * parsed as the HTML the frame will see and cleaned there; a result that still changes when cleaned again is not
 * shown. Otherwise (no XSLT, a document that does not parse) the XML is shown as text.
 */
export function invoiceSrcdoc(xml: string, xsl: string): string {
  if (typeof XSLTProcessor !== 'function' || DOCTYPE.test(xml) || DOCTYPE.test(xsl)) return asText(xml);
  const parser = new DOMParser();
  const xmlDoc = parser.parseFromString(xml, 'application/xml');
  const xslDoc = parser.parseFromString(xsl, 'application/xml');
  if (xmlDoc.querySelector('parsererror') || xslDoc.querySelector('parsererror') || loadsSomething(xmlDoc, xslDoc)) return asText(xml);
  const p = new XSLTProcessor();
  p.importStylesheet(xslDoc);
  const out = p.transformToDocument(xmlDoc) as Document | null;
  if (!out?.documentElement) return asText(xml);
  const html = parser.parseFromString(serialize(out), 'text/html');
  clean(html);
  const once = html.documentElement.outerHTML;
  // The frame parses the cleaned markup again: it must come out the same (no mutation brings anything back).
  const again = parser.parseFromString(once, 'text/html');
  if (clean(again) > 0) return asText(xml);
  return `<!doctype html>${CSP}${once}`;
}
