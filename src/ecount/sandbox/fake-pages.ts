import type { Hono } from 'hono';
import type { AdapterContext } from '../../core/server/provider.ts';
import { resetEcountState } from '../server/state-store.ts';
import type { EcountFake } from './fake-api.ts';

/**
 * Sandbox-only switches for the demo and the end-to-end tests (never mounted
 * outside the sandbox): make every later Ecount login fail with an Error.Code,
 * end every Ecount session, or put everything back (the operator's reset too).
 * The demo's switches take effect at once: they skip the 10 s between logins
 * that both Ecount and the adapter keep, as if that wait had passed.
 */
export function mountEcountPages(app: Hono, fake: EcountFake, ctx: Pick<AdapterContext, 'store' | 'now'>) {
  const allowLoginNow = async () => {
    fake.allowLoginNow();
    await ctx.store.run(`DELETE FROM rate_limits WHERE bucket_key LIKE 'ecount:%:login'`, []);
  };
  app.post('/sandbox/ecount/fail-logins', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { code?: unknown };
    const code = typeof body.code === 'number' && Number.isInteger(body.code) ? body.code : undefined;
    fake.failLogins(code);
    await allowLoginNow();
    return c.json({ failLoginsWith: code ?? null });
  });
  app.post('/sandbox/ecount/expire-sessions', (c) => {
    fake.expireSessions();
    return c.json({ expired: true });
  });
  /** Logins succeed again and the adapter's stop is lifted (what `POST /server/ecount/reset` does, without a server key). */
  app.post('/sandbox/ecount/reset', async (c) => {
    fake.failLogins(undefined);
    await allowLoginNow();
    const reset = await resetEcountState(ctx.store, undefined, ctx.now());
    return c.json({ reset });
  });
  app.get('/sandbox/ecount/calls', (c) => c.json(fake.calls));
}
