// `erp-widgets/adapter` for plain Node: the adapter is TypeScript run through
// tsx (a runtime dependency), registered here so consumers need no loader flag.
import { register } from 'tsx/esm/api';

register();
const adapter = await import('../src/adapter/index.ts');

export const {
  createAdapter,
  parseConfig,
  readConfigFile,
  ConfigError,
  ApiError,
  openSqliteStore,
  mintPageToken,
  getPrincipal,
  assertTenant,
  SCOPES,
} = adapter;
