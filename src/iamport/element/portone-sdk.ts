import type { loadScript } from '../../core/element/script-loader.ts';

/**
 * The part of PortOne's V2 browser SDK the element uses (`window.PortOne`), written out here so
 * the element ships no SDK types; test/iamport/portone-types.ts checks it against `@portone/browser-sdk/v2`.
 */
export interface PortoneIdentityVerificationRequest {
  storeId: string;
  identityVerificationId: string;
  channelKey: string;
  customer?: { fullName?: string; phoneNumber?: string };
  windowType?: { pc?: PortoneWindowType; mobile?: PortoneWindowType };
  redirectUrl?: string;
  forceRedirect?: boolean;
  popup?: { center?: boolean };
  bypass?: { danal?: { AGELIMIT?: number; IsCarrier?: string; CPTITLE?: string } };
}
export type PortoneWindowType = 'IFRAME' | 'POPUP' | 'REDIRECTION' | 'UI';

export interface PortoneIdentityVerificationResponse {
  transactionType: 'IDENTITY_VERIFICATION';
  identityVerificationId: string;
  identityVerificationTxId: string;
  code?: string;
  message?: string;
  pgCode?: string;
  pgMessage?: string;
}

export interface PortoneSdk {
  /** Resolves with the result; `undefined` when the page redirects (the result then comes back in the query). */
  requestIdentityVerification(request: PortoneIdentityVerificationRequest): Promise<PortoneIdentityVerificationResponse | undefined>;
}

// Not a global declaration: @portone/browser-sdk (a dev dependency, for the type check) declares its own `Window.PortOne`.
const sdk = () => (window as unknown as { PortOne?: PortoneSdk }).PortOne;

/** What PortOne appends to `redirectUrl` in redirect mode (the response's keys); dropped from the address bar. */
export const PORTONE_RESULT_PARAMS = [
  'transactionType',
  'identityVerificationId',
  'identityVerificationTxId',
  'code',
  'message',
  'pgCode',
  'pgMessage',
] as const;

export const portoneReady = () => typeof sdk()?.requestIdentityVerification === 'function';

/** Loads the SDK once per page with the element bundle's loader (portone-v2.ts imports nothing); resolves with `window.PortOne`. */
export async function loadPortoneSdk(src: string, load: typeof loadScript): Promise<PortoneSdk> {
  await load(src, { isReady: portoneReady });
  return sdk()!;
}

/** The SDK if it is on the page already (a click must not wait when it need not). */
export function portoneSdk(): PortoneSdk | undefined {
  return portoneReady() ? sdk() : undefined;
}

export interface V2Options {
  storeId: string;
  identityVerificationId: string;
  channelKey: string;
  redirectUrl: string;
  /** The element's `popup`: false forces the redirect flow, true keeps a window even on phones. */
  popup: boolean | undefined;
  forceRedirect: boolean;
  minAge?: number | undefined;
  name?: string;
  phone?: string;
  carrier?: string;
}

/** The element's attributes in PortOne's terms: `min-age` is Danal's AGELIMIT, `carrier` its IsCarrier. */
export function identityVerificationRequest(o: V2Options): PortoneIdentityVerificationRequest {
  const request: PortoneIdentityVerificationRequest = {
    storeId: o.storeId,
    identityVerificationId: o.identityVerificationId,
    channelKey: o.channelKey,
    // Phones and in-app browsers lose popups: PortOne's redirect mode returns to redirectUrl.
    windowType: { pc: o.popup === false ? 'REDIRECTION' : 'POPUP', mobile: o.popup === true ? 'POPUP' : 'REDIRECTION' },
    redirectUrl: o.redirectUrl,
    popup: { center: true },
  };
  if (o.forceRedirect) request.forceRedirect = true;
  const customer: NonNullable<PortoneIdentityVerificationRequest['customer']> = {};
  if (o.name) customer.fullName = o.name;
  if (o.phone) customer.phoneNumber = o.phone.replace(/\D/g, '');
  if (customer.fullName || customer.phoneNumber) request.customer = customer;
  const danal: NonNullable<NonNullable<PortoneIdentityVerificationRequest['bypass']>['danal']> = {};
  if (o.minAge !== undefined && !Number.isNaN(o.minAge)) danal.AGELIMIT = o.minAge;
  if (o.carrier) danal.IsCarrier = o.carrier;
  if (Object.keys(danal).length) request.bypass = { danal };
  return request;
}
