import type { AdapterConfig } from '../config.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

export function openStore(config: AdapterConfig['store']): Store {
  if (config.postgres) return openPostgresStore(config.postgres);
  return openSqliteStore(config.sqlite ?? './data/erp-widgets.db');
}
