import type { BinarySource } from '../core/server-binaries.js';
import { postgresBinaries } from './postgres/binary-sources.js';

/** Where each engine's binaries come from when it runs without Docker. */
const binarySources: Readonly<Record<string, BinarySource>> = { postgres: postgresBinaries };

export function binariesOf(engine: string): BinarySource | undefined {
  return binarySources[engine];
}
