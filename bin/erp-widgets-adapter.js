#!/usr/bin/env node
// The compiled CLI (`npm run build` makes dist/adapter/): plain Node, no TypeScript loader.
await import('../dist/adapter/adapter/cli.js');
