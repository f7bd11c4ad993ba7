// Shared by the demo pages: the ko/en switch and the on-page event log.
// lang.js (a classic script in <head>) already restored the saved language before the elements rendered.
const html = document.documentElement;

document.querySelector('#lang-switch')?.addEventListener('click', () => {
  html.lang = html.lang === 'en' ? 'ko' : 'en';
  localStorage.setItem('erp-widgets-demo-lang', html.lang);
});

const log = document.querySelector('#log');

/**
 * A log line in both languages (the switch shows one): the event's text is the same, its label is not.
 * @param {string} kind @param {Date} time @param {string} ko @param {string} en @param {unknown} detail
 */
function logLine(kind, time, ko, en, detail) {
  const line = document.createElement('div');
  line.dataset.event = kind;
  line.append(`${time.toLocaleTimeString()}  `);
  if (ko === en) line.append(ko);
  else
    for (const [lang, text] of [
      ['ko', ko],
      ['en', en],
    ]) {
      const span = Object.assign(document.createElement('span'), { lang, textContent: text });
      span.dataset.lang = lang;
      line.append(span);
    }
  line.append(`  ${JSON.stringify(detail)}`);
  log?.prepend(line);
}

/**
 * Logs every erp-widgets event (they bubble and are composed) with its detail, and the sandbox's webhook deliveries
 * of this page's providers. Options (last argument): `webhooksBefore` ms, deliveries from before the page opened to
 * show too (a Benecafe gate entry lands just before its page).
 * @param {...(string | { webhooksBefore?: number })} args
 */
export function logEvents(...args) {
  const last = args.at(-1);
  const options = typeof last === 'object' ? last : {};
  const types = /** @type {string[]} */ (args.filter((a) => typeof a === 'string'));
  const providers = new Set(types.map((type) => type.split('-')[0]));
  logWebhooks(providers, options.webhooksBefore ?? 0);
  for (const type of types) {
    document.addEventListener(type, (event) => logLine(type, new Date(), type, type, /** @type {CustomEvent} */ (event).detail));
  }
}

/**
 * The ERP's server side of the demo: the sandbox adapter signs each event
 * (Standard Webhooks) and posts it to its own demo receiver, which checks the
 * signature as an ERP would; this lists what it received for this page.
 */
let polling = false;
/** @param {Set<string>} providers @param {number} before */
function logWebhooks(providers, before) {
  if (polling || !log) return;
  polling = true;
  const since = performance.timeOrigin - before;
  let after = 0;
  const poll = async () => {
    try {
      const res = await fetch(`/api/sandbox/webhooks?after=${after}`);
      if (!res.ok) return; // not a sandbox: no demo receiver
      for (const w of (await res.json()).received) {
        after = Math.max(after, w.seq);
        if (w.receivedAt < since || !providers.has(w.type.split('.')[0])) continue;
        const label = `webhook ${w.type}`;
        logLine('webhook', new Date(w.receivedAt), `${label} (서명 확인됨)`, `${label} (signature verified)`, w.data);
      }
    } catch {
      // the adapter restarted or the page is closing: try again on the next tick
    }
    setTimeout(poll, 2_000);
  };
  poll();
}

/**
 * Stands in for the ERP's server: gets a page token from the sandbox-only
 * route (a real ERP mints it server-side for its logged-in user, see
 * docs/server-integration.md). Tokens are on in the sandbox too.
 * @param {Record<string, string>} [claims]
 * @returns {Promise<string>}
 */
export async function demoToken(claims = {}) {
  const res = await fetch('/api/sandbox/page-tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(claims),
  });
  if (!res.ok) throw new Error(`demo token: HTTP ${res.status}`);
  return (await res.json()).token;
}

/**
 * Gives the elements a `tokenProvider` (called before the first request and again on token_expired).
 * @param {string} tag
 * @param {Record<string, string>} [claims]
 */
export async function useDemoTokens(tag, claims = {}) {
  const element = await customElements.whenDefined(tag);
  const provider = () => demoToken(claims);
  for (const el of document.querySelectorAll(tag))
    /** @type {Element & { tokenProvider?: () => Promise<string> }} */ (el).tokenProvider = provider;
  if (!('tokenProvider' in element.prototype)) legacyBearer(provider);
}

// Bundles built before the element base had `tokenProvider`: add the header to adapter calls here.
let patched = false;
/** @param {() => Promise<string>} provider */
function legacyBearer(provider) {
  if (patched) return;
  patched = true;
  const original = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/api/') || url.pathname.startsWith('/api/sandbox/')) {
      return original(input, init);
    }
    const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${await provider()}`);
    return original(input, { ...init, headers });
  };
}
