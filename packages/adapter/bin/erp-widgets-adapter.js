#!/usr/bin/env node
// The compiled CLI (`npm run build` makes lib/): plain Node, no TypeScript loader.
await import('../lib/cli.js');
export {};
