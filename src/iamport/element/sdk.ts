import { loadScript } from '../../core/element/script-loader.ts';

/** The part of Iamport's V1 browser SDK the element uses. */
export interface IamportCertificationParams {
  merchant_uid: string;
  pg?: string;
  /** PortOne console's channel key; replaces `pg` in the current V1 SDK. */
  channelKey?: string;
  popup?: boolean;
  m_redirect_url?: string;
  min_age?: number;
  name?: string;
  phone?: string;
  carrier?: string;
  company?: string;
}

export interface IamportCertificationResponse {
  success: boolean;
  imp_uid: string | null;
  merchant_uid: string;
  error_code?: string | null;
  /** Raw PG text; Iamport has no code system for it. */
  error_msg?: string | null;
}

export interface IamportSdk {
  init(merchantCode: string): void;
  certification(params: IamportCertificationParams, callback: (rsp: IamportCertificationResponse) => void): void;
}

declare global {
  interface Window {
    IMP?: IamportSdk;
  }
}

export const IAMPORT_SDK_SRC = 'https://cdn.iamport.kr/v1/iamport.js';
/** PortOne V2's browser SDK (portone-sdk.ts, loaded by portone-v2.ts). */
export const PORTONE_SDK_SRC = 'https://cdn.portone.io/v2/browser-sdk.js';

export const sdkReady = () => typeof window.IMP?.certification === 'function';

/** Loads the SDK once per page; resolves with `window.IMP`. */
export async function loadIamportSdk(src: string): Promise<IamportSdk> {
  await loadScript(src, { isReady: sdkReady });
  return window.IMP!;
}
