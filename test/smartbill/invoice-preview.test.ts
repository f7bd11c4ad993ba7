import { expect } from '@open-wc/testing';
import { invoiceSrcdoc } from '../../src/smartbill/element/invoice-preview.ts';

// Issue 18 items 3 and 4: the preview's clean-up must not depend on the XSL's output method, the case of tag names or
// their namespace; and nothing in the XML or XSL may make the ERP page (where XSLTProcessor runs) request anything.

const XML = '<?xml version="1.0"?><invoice><buyer>주식회사 가나</buyer></invoice>';
const stylesheet = (output: string, body: string, extra = '') =>
  `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">${extra}<xsl:output method="${output}"/>` +
  `<xsl:template match="/">${body}</xsl:template></xsl:stylesheet>`;

/** What the frame will see: the srcdoc parsed as HTML, every element by local name (any namespace, any case). */
const framed = (srcdoc: string) => {
  const doc = new DOMParser().parseFromString(srcdoc, 'text/html');
  const names = [...doc.getElementsByTagName('*')].map((e) => e.localName.toLowerCase());
  const attrs = [...doc.getElementsByTagName('*')].flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`));
  return { doc, names, attrs, text: doc.body?.textContent ?? '' };
};

const HOSTILE = [
  '<SCRIPT>parent.pwned = 1</SCRIPT>',
  '<IFRAME SRC="/__probe/iframe"></IFRAME>',
  '<Meta HTTP-EQUIV="refresh" CONTENT="0;url=/__probe/refresh"/>',
  '<OBJECT DATA="/__probe/object"/>',
  '<EMBED SRC="/__probe/embed"/>',
  '<BASE HREF="https://evil.example/"/>',
  '<LINK REL="stylesheet" HREF="/__probe/link"/>',
  '<svg xmlns="http://www.w3.org/2000/svg"><script>parent.pwned = 2</script><a href="javascript:parent.pwned=3"><text>x</text></a></svg>',
  '<x:script xmlns:x="http://www.w3.org/1999/xhtml">parent.pwned = 4</x:script>',
  '<IMG SRC="x" ONERROR="parent.pwned = 5"/>',
].join('');

describe('invoice preview: the clean-up holds for every output method, case and namespace', () => {
  for (const method of ['html', 'xml', 'text'] as const) {
    it(`xsl:output method="${method}": no script, frame, meta, object, embed, base, link, handler or URL reaches the frame`, () => {
      const body =
        method === 'text'
          ? `<xsl:text>${HOSTILE.replace(/</g, '&lt;')}</xsl:text><xsl:value-of select="//buyer"/>`
          : `<HTML><BODY><P><xsl:value-of select="//buyer"/></P>${HOSTILE}</BODY></HTML>`;
      const srcdoc = invoiceSrcdoc(XML, stylesheet(method, body));
      const { names, attrs, text } = framed(srcdoc);
      expect(text).to.include('주식회사 가나');
      for (const bad of ['script', 'iframe', 'object', 'embed', 'base', 'link']) expect(names, bad).not.to.include(bad);
      // The only meta is the preview's own CSP.
      expect(attrs.filter((a) => /^http-equiv=/i.test(a))).to.deep.equal(['http-equiv=Content-Security-Policy']);
      expect(attrs.filter((a) => /^on|javascript:|__probe|evil\.example/i.test(a))).to.deep.equal([]);
    });
  }

  it('an XML result whose elements sit in the XHTML namespace is cleaned as well', () => {
    const body = `<html xmlns="http://www.w3.org/1999/xhtml"><body><p><xsl:value-of select="//buyer"/></p><script>parent.pwned = 6</script><iframe src="/__probe/x"/></body></html>`;
    const { names, text } = framed(invoiceSrcdoc(XML, stylesheet('xml', body)));
    expect(text).to.include('주식회사 가나');
    expect(names).not.to.include('script');
    expect(names).not.to.include('iframe');
  });
});

describe('invoice preview: nothing in the XML or XSL makes the page request anything', () => {
  const hits = async (): Promise<string[]> => (await (await fetch('/__probe-hits')).json()) as string[];
  /** Renders like the element does (srcdoc of a sandboxed frame) and waits for the frame to load. */
  const render = async (xml: string, xsl: string) => {
    const srcdoc = invoiceSrcdoc(xml, xsl);
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    frame.srcdoc = srcdoc;
    document.body.append(frame);
    await loaded;
    frame.remove();
    return srcdoc;
  };

  it('the probe sees a request the page does make (so an empty list below means something)', async () => {
    const id = `control-${Math.random()}`;
    await fetch(`/__probe/${id}`);
    expect((await hits()).some((h) => h.includes(id))).to.equal(true);
  });

  const cases: [string, (id: string) => { xml?: string; xsl: string }][] = [
    ['xsl:import', (id) => ({ xsl: stylesheet('html', '<p>x</p>', `<xsl:import href="/__probe/${id}"/>`) })],
    ['xsl:include', (id) => ({ xsl: stylesheet('html', '<p>x</p>', `<xsl:include href="/__probe/${id}"/>`) })],
    ['document() in a select', (id) => ({ xsl: stylesheet('html', `<p><xsl:value-of select="document('/__probe/${id}')"/></p>`) })],
    ['document() in an attribute value template', (id) => ({ xsl: stylesheet('html', `<p title="{document('/__probe/${id}')}">x</p>`) })],
    [
      'document() written with a character reference',
      (id) => ({ xsl: stylesheet('html', `<p><xsl:copy-of select="&#100;ocument('/__probe/${id}')"/></p>`) }),
    ],
    [
      'an external entity in the XML',
      (id) => ({
        xml: `<?xml version="1.0"?><!DOCTYPE invoice [<!ENTITY e SYSTEM "/__probe/${id}">]><invoice>&e;</invoice>`,
        xsl: stylesheet('html', '<p><xsl:value-of select="."/></p>'),
      }),
    ],
    ['an external DTD in the XSL', (id) => ({ xsl: `<!DOCTYPE xsl:stylesheet SYSTEM "/__probe/${id}">${stylesheet('html', '<p>x</p>')}` })],
    [
      'an XInclude in the XML',
      (id) => ({
        xml: `<invoice xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/__probe/${id}"/></invoice>`,
        xsl: stylesheet('html', '<p><xsl:copy-of select="."/></p>'),
      }),
    ],
    [
      'an image, a stylesheet and a refresh in the output',
      (id) => ({
        xsl: stylesheet(
          'html',
          `<html><head><meta http-equiv="refresh" content="0;url=/__probe/${id}-r"/><link rel="stylesheet" href="/__probe/${id}-l"/><style>p{background:url(/__probe/${id}-c)}</style></head><body><p>x</p><img src="/__probe/${id}-i"/></body></html>`,
        ),
      }),
    ],
  ];
  for (const [name, make] of cases) {
    it(`${name}: no request leaves the page, the XML is still shown`, async () => {
      const id = `${name.replace(/\W+/g, '-')}-${Math.random()}`;
      const { xml = XML, xsl } = make(id);
      const srcdoc = await render(xml, xsl);
      expect(srcdoc).to.include('Content-Security-Policy');
      // A load the transformation started would have been recorded by now (render waited for the frame's load).
      expect((await hits()).filter((h) => h.includes(id))).to.deep.equal([]);
    });
  }
});
