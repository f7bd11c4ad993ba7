/**
 * Where popups are unreliable: in-app browsers (KakaoTalk, Naver, Instagram, Facebook, Line, Daum) and mobile web views
 * often never open `window.open` windows, or open them where the person cannot get back. Elements take the redirect
 * (same-window) flow there.
 */
const IN_APP = /KAKAOTALK|NAVER\(inapp|Instagram|FBAN|FBAV|FB_IAB|\bLine\/|DaumApps|; wv\)/i;

export function prefersRedirectFlow(ua: string = navigator.userAgent): boolean {
  if (IN_APP.test(ua)) return true;
  // An iOS web view (WKWebView inside an app) has no "Safari/" in its user agent; Safari itself has.
  return /iPhone|iPad|iPod/.test(ua) && !/Safari\//.test(ua);
}

/** This page's address without the given query parameters (a provider's result must not be replayed on reload). */
export function currentUrlWithout(params: readonly string[]): string {
  const url = new URL(location.href);
  for (const p of params) url.searchParams.delete(p);
  return url.href;
}

/**
 * True inside a frame whose cookies the browser withholds: a frame of another origin (SameSite=Lax cookies are not
 * sent there, and with third-party cookies blocked none are), or any frame without storage access
 * (`document.hasStorageAccess()`). A session set by a top-level visit is then invisible to this page.
 */
export async function cookiesWithheldHere(): Promise<boolean> {
  if (window.top === window) return false;
  try {
    void window.top!.location.href; // throws across origins
  } catch {
    return true;
  }
  try {
    return typeof document.hasStorageAccess === 'function' && !(await document.hasStorageAccess());
  } catch {
    return false;
  }
}
