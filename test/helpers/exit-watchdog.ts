// Loaded into every Node test file (`--import`, see scripts/test-args.mjs): once a file's tests have run, the
// file's process must end by itself. If a handle (a socket, a server, a pool, a timer) keeps it alive past
// the bound, the file fails, and the message names what was left open, instead of the run hanging.
import { after } from 'node:test';
import { describeOpenHandles } from './open-handles.ts';

const BOUND_MS = Number(process.env.ERP_WIDGETS_TEST_EXIT_BOUND_MS) || 30_000;
// Only in a process that runs test files itself, not in the `node --test` parent that spawns them.
const isRunnerParent = process.execArgv.includes('--test') && !process.env.NODE_TEST_CONTEXT;

if (!isRunnerParent) {
  // A root `after` hook runs once every test of the file is done (before the file's own root hooks, which
  // are registered later: the bound covers them too). The timer is unref'd: it never holds the process.
  after(() => {
    setTimeout(() => {
      process.stderr.write(
        `\nnot finished: ${process.argv[1] ?? 'this test file'} was still running ${BOUND_MS} ms after its last test; ` +
          `left open: ${describeOpenHandles()}\n`,
      );
      process.exit(1);
    }, BOUND_MS).unref();
  });
}
