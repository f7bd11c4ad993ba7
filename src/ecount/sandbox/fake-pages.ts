import type { Hono } from 'hono';
import type { EcountFake } from './fake-api.ts';

/**
 * Sandbox-only switches for the demo and the end-to-end tests (never mounted
 * outside the sandbox): make every later Ecount login fail with an Error.Code,
 * or end every Ecount session.
 */
export function mountEcountPages(app: Hono, fake: EcountFake) {
  app.post('/sandbox/ecount/fail-logins', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { code?: unknown };
    const code = typeof body.code === 'number' && Number.isInteger(body.code) ? body.code : undefined;
    fake.failLogins(code);
    return c.json({ failLoginsWith: code ?? null });
  });
  app.post('/sandbox/ecount/expire-sessions', (c) => {
    fake.expireSessions();
    return c.json({ expired: true });
  });
  app.get('/sandbox/ecount/calls', (c) => c.json(fake.calls));
}
