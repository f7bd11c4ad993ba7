import type { RequestHandler } from 'msw';
import { setupWorker, type SetupWorker } from 'msw/browser';

let worker: SetupWorker | undefined;
const unhandled: string[] = [];

/**
 * Fails the test that just ran when it made a request no handler answered (the
 * element may well have swallowed the error). Mocha has already reported it
 * passed; web-test-runner reads the final state, so marking it failed here fails
 * that test without aborting the file (a throwing afterEach hook would skip the
 * rest). A request answered after its test ended is blamed on the next test.
 */
export function failOnUnhandledRequests(test: Mocha.Test | undefined): void {
  if (!unhandled.length) return;
  const err = new Error(`unhandled request(s), add an msw handler: ${unhandled.splice(0).join(', ')}`);
  if (!test) throw err;
  test.state = 'failed';
  test.err = err;
}
afterEach(function (this: Mocha.Context) {
  failOnUnhandledRequests(this.currentTest);
});

/**
 * msw in the test page: answers the adapter's routes so element tests can put
 * the element in every state. An unhandled request fails the test that made it.
 */
export async function mockAdapter(...handlers: RequestHandler[]): Promise<SetupWorker> {
  if (!worker) {
    worker = setupWorker();
    await worker.start({
      quiet: true,
      onUnhandledRequest(request, print) {
        const url = new URL(request.url);
        // The test runner's own files (modules, fixtures) are not adapter calls.
        if (url.origin === location.origin && !url.pathname.startsWith('/adapter/')) return;
        unhandled.push(`${request.method} ${url.pathname}`);
        print.error();
      },
    });
  }
  worker.resetHandlers(...handlers);
  return worker;
}

/** Resolves when `type` fires on `target`. */
export function nextEvent<T extends Event = CustomEvent>(target: EventTarget, type: string, timeoutMs = 4000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms`)), timeoutMs);
    target.addEventListener(
      type,
      (e) => {
        clearTimeout(timer);
        resolve(e as T);
      },
      { once: true },
    );
  });
}

/** Polls until `check` returns truthy (for renders that follow network answers). */
export async function waitUntil<T>(check: () => T, message: string, timeoutMs = 4000): Promise<NonNullable<T>> {
  const start = performance.now();
  for (;;) {
    const v = check();
    if (v) return v as NonNullable<T>;
    if (performance.now() - start > timeoutMs) throw new Error(`timed out: ${message}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The error `p` rejects with; fails when it resolves. */
export async function rejection<E = Error>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    return e as E;
  }
  throw new Error('expected a rejection');
}
