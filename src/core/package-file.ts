import { fileURLToPath } from 'node:url';

/**
 * A file shipped with compatlab (`package.json`, `images/`, `clients/`). This module sits two levels
 * below the package root in `src/`, in `dist/` and in the CLI bundle (`dist/cli-bundle/`) alike.
 */
export const packageFile = (relative: string): string => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
