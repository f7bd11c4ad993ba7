#!/usr/bin/env node
// The adapter is TypeScript run through tsx (a runtime dependency), so the
// published package and the repository run the same files.
import { register } from 'tsx/esm/api';

register();
await import('../src/adapter/cli.ts');
