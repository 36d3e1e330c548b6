import { unionOf, type BinarySource } from '../core/server-binaries.js';
import { engines } from './index.js';

/** Where an engine's binaries come from when it runs without Docker: its sources as one, first that has a version wins. */
export function binariesOf(engine: string): BinarySource | undefined {
  const sources = engines[engine]?.binarySources ?? [];
  return sources.length > 0 ? unionOf(sources.map((s) => s.name).join(' or '), sources) : undefined;
}
