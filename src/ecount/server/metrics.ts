import type { AdapterContext } from '../../core/server/provider.ts';

/**
 * Ecount's own series: logins by outcome (this instance), and how many companies' logins are stopped (read from
 * the store when scraped, so every instance reports the same). Returns what a connection calls after each login.
 */
export function ecountLoginMetrics(ctx: Pick<AdapterContext, 'metrics' | 'store'>): (outcome: string) => void {
  const logins = ctx.metrics.counter({
    name: 'erp_widgets_ecount_logins_total',
    help: 'Ecount logins this instance tried, by outcome (ok, or the error code)',
    labelNames: ['outcome'],
  });
  ctx.metrics.gauge({
    name: 'erp_widgets_ecount_logins_stopped',
    help: 'Ecount companies whose logins are stopped until an operator resets them (ecount reset; all instances)',
    collect: async () =>
      Number((await ctx.store.get<{ n: number | bigint }>('SELECT COUNT(*) AS n FROM ecount_state WHERE blocked_at IS NOT NULL'))?.n ?? 0),
  });
  return (outcome) => logins.inc({ outcome });
}
