// PortOne V2's half of <iamport-certify-button>: loaded by import() only for a button with `store-id` and
// `channel-key`, or when PortOne redirected back to the page, so V1 pages do not download it. It imports nothing at
// run time: the classic bundle loads this very chunk from dist/chunks/ (scripts/vite-iife-lazy-chunks.ts), so a
// runtime import here would load a second copy of the ES-module bundle. The element hands it what it needs.
import type { ErpError } from '../../core/element/erp-error.ts';
import type { Guard } from '../../core/element/guards.ts';
import type { RequestOptions } from '../../core/element/adapter-client.ts';
import type { LoadScriptOptions } from '../../core/element/script-loader.ts';
import {
  identityVerificationRequest,
  loadPortoneSdk,
  PORTONE_RESULT_PARAMS,
  type PortoneIdentityVerificationResponse,
  portoneSdk,
} from './portone-sdk.ts';

/** What the element's bundle lends this chunk (see above). */
export interface PortoneDeps {
  loadScript: (src: string, options: LoadScriptOptions) => Promise<void>;
  currentUrlWithout: (params: readonly string[]) => string;
  prefersRedirectFlow: () => boolean;
  ErpError: typeof ErpError;
  isPortoneIssued: Guard<{ identityVerificationId: string }>;
}

/** The members of IamportCertifyButton this flow drives (the element passes itself). */
export interface PortoneHost {
  storeId: string;
  channelKey: string;
  redirectUrl: string;
  mRedirectUrl: string;
  popup: boolean | undefined;
  minAge: number | undefined;
  name: string;
  phone: string;
  carrier: string;
  adapter: string;
  readonly sdkUrl: string;
  phase: string;
  busy: boolean;
  loadedDuringClick: boolean;
  /** This flow's own: the id for the next click, minted by the adapter before the click so the click calls PortOne at once. */
  nextId?: Promise<string> | undefined;
  request<T>(path: string, check: Guard<T>, options?: RequestOptions): Promise<T>;
  whileBusy<T>(work: () => Promise<T>): Promise<T>;
  fail(err: unknown): void;
  failWith(key: string, cause?: unknown, vars?: Record<string, string>): void;
  notice(code: string): void;
  moveFocusTo(selector: string): Promise<void>;
  confirm(path: string, body: Record<string, string>): Promise<void>;
}

function mintId(el: PortoneHost, deps: PortoneDeps): Promise<string> {
  el.nextId ??= el.request('iamport/v2/identity-verifications', deps.isPortoneIssued, { body: { storeId: el.storeId } }).then(
    (r) => r.identityVerificationId,
    (err: unknown) => {
      el.nextId = undefined; // the click asks again and reports the error
      throw err;
    },
  );
  return el.nextId;
}

export function preload(el: PortoneHost, deps: PortoneDeps): void {
  if (!portoneSdk()) loadPortoneSdk(el.sdkUrl, deps.loadScript).catch(() => undefined);
  if (el.adapter) mintId(el, deps).catch(() => undefined);
}

export async function click(el: PortoneHost, deps: PortoneDeps): Promise<void> {
  let sdk = portoneSdk();
  let id: string;
  el.loadedDuringClick ||= !sdk;
  el.phase = 'loading-sdk';
  try {
    [sdk, id] = await el.whileBusy(() => Promise.all([sdk ?? loadPortoneSdk(el.sdkUrl, deps.loadScript), mintId(el, deps)]));
  } catch (err) {
    el.phase = 'failed';
    return err instanceof deps.ErpError ? el.fail(err) : el.failWith('sdk_load_failed', err);
  }
  el.nextId = undefined; // one attempt per id; the next click gets a fresh one
  el.phase = 'certifying';
  el.busy = true;
  let rsp: PortoneIdentityVerificationResponse | undefined;
  try {
    rsp = await sdk.requestIdentityVerification(
      identityVerificationRequest({
        storeId: el.storeId,
        identityVerificationId: id,
        channelKey: el.channelKey,
        redirectUrl: new URL(el.redirectUrl || el.mRedirectUrl || deps.currentUrlWithout(PORTONE_RESULT_PARAMS), document.baseURI).href,
        popup: el.popup,
        forceRedirect: deps.prefersRedirectFlow(),
        minAge: el.minAge,
        name: el.name,
        phone: el.phone,
        carrier: el.carrier,
      }),
    );
  } catch (err) {
    return el.failWith('certification_failed', err, { reason: (err as Error)?.message ?? '' });
  }
  if (rsp) await respond(el, rsp);
}

/** PortOne's answer (from the promise, or from the query after a redirect). A `code` means it did not succeed. */
async function respond(el: PortoneHost, rsp: PortoneIdentityVerificationResponse): Promise<void> {
  el.busy = false;
  if (rsp.code) {
    if (rsp.code === 'origin_not_allowed') el.failWith('origin_not_allowed');
    else if (/POPUP_BLOCKED/i.test(rsp.code)) el.failWith('popup_blocked');
    else if (/취소|cancel/i.test(`${rsp.message ?? ''} ${rsp.pgMessage ?? ''}`)) {
      el.phase = 'cancelled';
      el.notice('certification_cancelled');
    } else el.failWith('certification_failed', undefined, { reason: rsp.pgMessage || rsp.message || rsp.code });
    return void el.moveFocusTo('button');
  }
  await el.confirm(`iamport/v2/identity-verifications/${encodeURIComponent(rsp.identityVerificationId)}/verify`, {});
}

/** Back from PortOne's redirect mode: the result is in the query; it leaves the address bar so a reload does not replay it. */
export function resume(el: PortoneHost, deps: PortoneDeps, query: URLSearchParams): void {
  history.replaceState(history.state, '', deps.currentUrlWithout(PORTONE_RESULT_PARAMS));
  if (!el.adapter) return el.failWith('missing_adapter');
  const rsp: PortoneIdentityVerificationResponse = {
    transactionType: 'IDENTITY_VERIFICATION',
    identityVerificationId: query.get('identityVerificationId')!,
    identityVerificationTxId: query.get('identityVerificationTxId') ?? '',
  };
  for (const k of ['code', 'message', 'pgCode', 'pgMessage'] as const) {
    const v = query.get(k);
    if (v) rsp[k] = v;
  }
  // In a later task: the page's own scripts (which set `token`/`tokenProvider`) run after the element upgraded.
  setTimeout(() => void respond(el, rsp), 0);
}
