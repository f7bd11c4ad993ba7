// How `npm test` runs Node test files (scripts/test.mjs), shared with the test that checks a leak fails a file
// (test/package/test-harness.node.test.ts). No --test-force-exit: a file must end by itself, and
// test/helpers/exit-watchdog.ts fails it, naming what was left open, when it does not.
export const nodeTestArgs = ['--import', 'tsx', '--import', './test/helpers/exit-watchdog.ts', '--test', '--test-reporter=tap'];
