#!/usr/bin/env node
// The compiled CLI (`npm run build`, run by `npm install` in the repository and before packing).
await import('../dist/cli/main.js');
