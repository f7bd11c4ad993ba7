import type { AdapterConfig } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export function openStore(config: AdapterConfig['store']): Store {
  if (config.postgres) {
    // The Store interface is shaped for it; the implementation lands with multi-instance support.
    throw new ConfigError('config key "store.postgres": PostgreSQL is not implemented yet; use store.sqlite');
  }
  return openSqliteStore(config.sqlite ?? './data/erp-widgets.db');
}
