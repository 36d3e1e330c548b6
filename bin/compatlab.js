#!/usr/bin/env node
// The compiled and bundled CLI (`npm run build`, run by `npm install` in the repository and before packing).
await import('../dist/cli-bundle/main.js');
