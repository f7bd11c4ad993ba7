import { isSessionResponse } from '../../src/benecafe/element/guards.ts';
import { sessionResponseSchema } from '../../src/benecafe/shared/schema.ts';
import type { TestAdapter } from '../helpers/adapter.ts';
import { assertAnswer } from '../helpers/answers.ts';

/** Benecafe's 15 gate fields for a member, as the welfare mall posts them. */
export function gateFields(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    POPUPURL: 'https://www.benecafe.co.kr/point/popup?cmpy=C0001',
    DirectFlag: 'N',
    DirectURL: '',
    CUS_URL: 'https://cert.benecafe.co.kr',
    cmpy_cd: 'C0001',
    CFM_CUS_ID: 'J01A00038745',
    USER_NAME: '김복지',
    ReceiptYN: 'Y',
    pointname: '복지포인트',
    pointnameBase64: Buffer.from('복지포인트').toString('base64'),
    pointnamecode: 'P001',
    BaroItem: '',
    CHECKURL: '',
    ranNum: '',
    otpToken: token,
    ...extra,
  };
}

/** The welfare mall's origin: configured in `benecafe.gateOrigins` by the suites, sent by `postGate`. */
export const MALL_ORIGIN = 'https://www.benecafe.co.kr';

/** POSTs the gate form (urlencoded) from the welfare mall's page, without following the redirect. */
export function postGate(adapter: TestAdapter, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return adapter.call('/benecafe/gate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: MALL_ORIGIN, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** `name=value` of the session cookie a response set ('' when it cleared it). */
export function sessionCookie(res: Response): { value: string; header: string } | undefined {
  const header = res.headers.getSetCookie().find((h) => h.startsWith('benecafe_session='));
  if (!header) return undefined;
  return { value: header.split(';')[0]!.slice('benecafe_session='.length), header };
}

export async function readSession(adapter: TestAdapter, cookie: string | undefined, headers: Record<string, string> = {}) {
  const res = await adapter.call('/benecafe/session', {
    headers: { ...(cookie ? { Cookie: `benecafe_session=${cookie}` } : {}), ...headers },
  });
  const body = (await res.json()) as { session: Record<string, unknown> | null; reason?: string; mallUrl: string | null };
  // Every session answer the gate tests read is held to the contract (zod schema and the element's guard).
  if (res.status === 200) assertAnswer(sessionResponseSchema, isSessionResponse, body);
  return { res, body };
}
