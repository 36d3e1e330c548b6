/**
 * `npm run build`, from the package root: bundles the compiled CLI (`dist/cli/main.js`) with its small
 * pure-JavaScript dependencies into `dist/cli-bundle/`, so Node loads a few files instead of ~300 and
 * `validate` starts in about two thirds of the time. Drivers, testcontainers and the other heavy
 * dependencies stay external (loaded from node_modules by the commands that need them), and lazy
 * imports stay lazy as split chunks.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

// execa is some 140 small modules: as one chunk it loads in a fraction of the time.
const bundled = new Set(['commander', 'execa', 'picocolors', 'picomatch', 'semver', 'yaml', 'zod']);
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));

/** zod's messages in other languages (`z.locales`, unused here) are half of what `validate` loads. */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: path.dirname(args.path),
    }));
  },
};

// Chunk names carry content hashes: old ones would pile up.
rmSync('dist/cli-bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outdir: 'dist/cli-bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !bundled.has(name)),
  // The bundled CommonJS packages (commander, semver, picomatch) call require().
  banner: {
    js: "import { createRequire as compatlabCreateRequire } from 'node:module'; const require = compatlabCreateRequire(import.meta.url);",
  },
  plugins: [englishOnlyZod],
  logLevel: 'warning',
});
