/** A provider SDK that failed to load; `cause` keeps the underlying event or error. */
export class ScriptLoadError extends Error {
  readonly src: string;
  constructor(src: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScriptLoadError';
    this.src = src;
  }
}

const pending = new Map<string, Promise<void>>();

export interface LoadScriptOptions {
  /** True once the SDK's global exists (e.g. `() => !!window.IMP`). */
  isReady: () => boolean;
  timeoutMs?: number;
}

/**
 * Loads a provider SDK once. A tag already on the page (put there by the ERP or
 * another element) is reused rather than doubled; a failure removes our tag
 * and forgets the attempt so a later call retries cleanly.
 */
export function loadScript(src: string, { isReady, timeoutMs = 15_000 }: LoadScriptOptions): Promise<void> {
  if (isReady()) return Promise.resolve();
  const url = new URL(src, document.baseURI).href;
  const inflight = pending.get(url);
  if (inflight) return inflight;

  const promise = new Promise<void>((resolve, reject) => {
    const existing = Array.from(document.scripts).find((s) => s.src === url);
    const script = existing ?? Object.assign(document.createElement('script'), { src: url, async: true });
    const cleanup = () => {
      clearTimeout(timer);
      script.removeEventListener('load', onLoad);
      script.removeEventListener('error', onError);
    };
    const fail = (message: string, cause?: unknown) => {
      cleanup();
      if (!existing) script.remove();
      pending.delete(url);
      reject(new ScriptLoadError(url, message, { cause }));
    };
    const onLoad = () => {
      if (isReady()) {
        cleanup();
        resolve();
      } else fail(`${url} did not define the SDK`);
    };
    const onError = (event: Event) => fail(`${url} failed to load`, event);
    const timer = setTimeout(() => fail(`${url} timed out`), timeoutMs);
    script.addEventListener('load', onLoad);
    script.addEventListener('error', onError);
    if (!existing) document.head.append(script);
  });
  pending.set(url, promise);
  return promise;
}
