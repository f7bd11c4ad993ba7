import { describeOpenHandles } from './open-handles.ts';

/**
 * Awaits `work`, but fails after `ms` with an error naming `what` and what is still open,
 * so a close that never ends fails its test instead of holding the run.
 */
export async function bounded<T>(what: string | (() => string), work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const name = typeof what === 'string' ? what : what();
      reject(new Error(`${name} did not finish within ${ms} ms; still open: ${describeOpenHandles()}`));
    }, ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Re-checks `done()` (every 20 ms) until it holds; fails after `ms` naming `what`, so a condition that never
 * comes fails the test instead of hanging it. For state with no event to wait on (rows in a store).
 */
export async function eventually(done: () => Promise<boolean> | boolean, what: string, ms = 10_000): Promise<void> {
  const giveUp = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > giveUp) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
