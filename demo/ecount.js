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
    const err = /** @type {Error & { code?: string }} */ (caught);
    errorBox.textContent = `${err.code ?? 'error'}: ${err.message}`;
    errorBox.hidden = false;
    // The connection card shows what happened (e.g. logins stopped).
    /** @type {HTMLElement & { load(): void }} */ (document.querySelector('#ecount')).load();
  } finally {
    button.disabled = false;
    form.removeAttribute('aria-busy');
  }
});

document.querySelector('#fail-logins')?.addEventListener('click', async () => {
  await fetch(`${ADAPTER}/sandbox/ecount/fail-logins`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"code":98}',
  });
  await fetch(`${ADAPTER}/sandbox/ecount/expire-sessions`, { method: 'POST' });
});
