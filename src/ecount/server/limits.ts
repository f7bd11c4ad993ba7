import type { EcountConfig, LimitClass } from './config-schema.ts';
import type { Environment } from './upstream.ts';

export interface RateRule {
  capacity: number;
  refillPerSecond: number;
}

const per = (seconds: number): RateRule => ({ capacity: 1, refillPerSecond: 1 / seconds });

/**
 * Ecount's public limits (SPEC §4), production / test: Zone, Login and list
 * queries once per 10 minutes / 10 seconds; saves once per 10 s; single-item
 * views once per second; 5,000 calls a day. Kept as token buckets in the
 * store, so every instance spends from the same ones.
 */
export const PUBLIC_LIMITS: Record<Environment, Record<LimitClass | 'daily', RateRule>> = {
  production: {
    zone: per(600),
    login: per(600),
    list: per(600),
    save: per(10),
    view: per(1),
    daily: { capacity: 5000, refillPerSecond: 5000 / 86_400 },
  },
  test: {
    zone: per(10),
    login: per(10),
    list: per(10),
    save: per(10),
    view: per(1),
    daily: { capacity: 5000, refillPerSecond: 5000 / 86_400 },
  },
};

/** The rule for a class: the operator's own (`limits`), else Ecount's public one. */
export function ruleFor(config: EcountConfig, cls: LimitClass | 'daily'): RateRule {
  return config.limits[cls] ?? PUBLIC_LIMITS[config.environment][cls];
}
