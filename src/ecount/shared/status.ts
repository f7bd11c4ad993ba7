/** `GET /ecount/status` and `POST /ecount/connect`: what the operator sees. Never the session or the key. */
export interface EcountStatus {
  connected: boolean;
  environment: 'test' | 'production';
  /** COM_CODE. */
  company: string;
  zone: string | null;
  /** ISO time of the login behind the live session. */
  loggedInAt: string | null;
  sessionAgeSeconds: number | null;
  /** Ecount's EXPIRE_DATE (end of the current API version's service), as Ecount wrote it. */
  expireDate: string | null;
  /** Ecount's NOTICE from the login answer. */
  notice: string | null;
  /** Logins are stopped until an operator resets (`ecount_login_blocked`). */
  blocked: boolean;
  /** Consecutive failed zone/login calls. */
  failures: number;
  /** Ecount is paused until then after answering 412/302. */
  backoffUntil: string | null;
  lastError: { code: string; ecountCode: number | null; at: string; message: { ko: string; en: string } } | null;
  /** Calls left now: today's, the login bucket's, and each allow-listed API's. */
  limits: { daily: number; login: number; apis: Record<string, number> };
}
