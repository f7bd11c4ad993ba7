// The Ecount demo page: the element's events in the log, one allow-listed API called through the adapter
// (what an ERP page does: POST {adapter}/ecount/api/<path> with JSON; the adapter adds the session),
// and the sandbox switch that makes the fake Ecount's logins fail.
import { demoToken, logEvents, useDemoTokens } from './demo.js';

logEvents('ecount-connect-status', 'ecount-connect-error');
// The ERP's server would mint these for its logged-in operator (docs/server-integration.md).
const CLAIMS = { sub: 'erp-demo-operator', scope: 'ecount:read ecount:write ecount:connect' };
useDemoTokens('ecount-connect', CLAIMS);

const ADAPTER = '/api';
const form = /** @type {HTMLFormElement} */ (document.querySelector('#stock-form'));
const table = /** @type {HTMLTableElement} */ (document.querySelector('#stock-table'));
const errorBox = /** @type {HTMLElement} */ (document.querySelector('#stock-error'));

/** @typedef {{ PROD_CD: string; PROD_DES: string; WH_DES: string; BAL_QTY: string }} StockRow */

/**
 * Calls one allow-listed Ecount API; answers Ecount's own envelope ({ Data, Status, Error }).
 * @param {string} path
 * @param {Record<string, unknown>} body
 * @returns {Promise<{ Result: StockRow[] }>}
 */
async function ecountApi(path, body) {
  const res = await fetch(`${ADAPTER}/ecount/api/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${await demoToken(CLAIMS)}` },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw Object.assign(new Error(json.error?.message ?? `HTTP ${res.status}`), { code: json.error?.code });
  if (json.Error) throw Object.assign(new Error(json.Error.Message), { code: `ecount_${json.Error.Code}` });
  return json.Data;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = /** @type {HTMLButtonElement} */ (form.querySelector('button'));
  button.disabled = true;
  form.setAttribute('aria-busy', 'true');
  errorBox.hidden = true;
  try {
    const code = /** @type {HTMLInputElement} */ (form.elements.namedItem('PROD_CD')).value.trim();
    const data = await ecountApi('InventoryBalance/ViewInventoryBalanceStatus', code ? { PROD_CD: code } : {});
    const rows = data.Result.map((r) => {
      const tr = document.createElement('tr');
      for (const v of [r.PROD_CD, r.PROD_DES, r.WH_DES, r.BAL_QTY])
        tr.append(Object.assign(document.createElement('td'), { textContent: v }));
      return tr;
    });
    table.tBodies[0]?.replaceChildren(...rows);
    table.hidden = false;
  } catch (caught) {
    const code = /** @type {{ code?: string }} */ (caught).code ?? 'error';
    // The demo's own words in both languages; the adapter's code for the developer; the card shows the state.
    /** @param {string} lang @param {string} textContent */
    const span = (lang, textContent) => {
      const el = Object.assign(document.createElement('span'), { textContent });
      el.dataset.lang = lang;
      return el;
    };
    errorBox.replaceChildren(
      span('ko', `재고를 조회하지 못했습니다 (${code}). 위 연결 상태를 확인하세요.`),
      span('en', `The stock lookup failed (${code}). See the connection above.`),
    );
    errorBox.hidden = false;
    ecountCard().load();
  } finally {
    button.disabled = false;
    form.removeAttribute('aria-busy');
  }
});

/**
 * The sandbox switches, and the card shows the outcome at once: with logins failing (code 98, which no retry can fix)
 * one API call makes the adapter log in again, fail, and stop logging in; after the reset it connects again. (The
 * switches skip Ecount's 10 s between logins.) A real operator resets with POST {adapter}/server/ecount/reset and the server key, see docs/ecount.md.
 */
/** @param {string} path @param {string} body */
async function sandboxSwitch(path, body) {
  const buttons = /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('#fake-switches button'));
  const card = ecountCard();
  for (const b of buttons) b.disabled = true;
  try {
    await fetch(`${ADAPTER}/sandbox/ecount/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    errorBox.hidden = true;
    if (path === 'reset') return await card.connect();
    // Ecount ends the session; the next call finds it gone and the adapter logs in again, which now fails.
    await fetch(`${ADAPTER}/sandbox/ecount/expire-sessions`, { method: 'POST' });
    await ecountApi('InventoryBalance/ViewInventoryBalanceStatus', {}).catch(() => undefined);
    await card.load();
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}
document.querySelector('#fail-logins')?.addEventListener('click', () => sandboxSwitch('fail-logins', '{"code":98}'));
document.querySelector('#reset-logins')?.addEventListener('click', () => sandboxSwitch('reset', '{}'));

/** The page's `<ecount-connect>` card. */
function ecountCard() {
  return /** @type {HTMLElement & { load(): Promise<void>; connect(): Promise<void> }} */ (document.querySelector('#ecount'));
}
