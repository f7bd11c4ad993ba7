// A process that takes a lease and never finishes, for tests that kill it (kill -9):
//   node --import tsx test/helpers/lease-holder.ts <store-config-json> <lease-name>
// Prints "holding" once it holds the lease.
import { singleFlight } from '../../src/core/server/lease.ts';
import { coreMigrations } from '../../src/core/server/migrations.ts';
import { openTestStore } from './store.ts';

const store = openTestStore(JSON.parse(process.argv[2]!));
await store.migrate(coreMigrations);
await singleFlight(store, process.argv[3]!, { ttlMs: 60_000 }, async () => {
  console.log('holding');
  await new Promise(() => {}); // never finishes
});
