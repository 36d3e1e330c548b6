import { createRequire } from 'node:module';
import { SkipError } from '../core/errors.js';
import type { ClientSpec } from '../core/specs.js';

export interface LoadedDriver<M> {
  module: M;
  version: string;
  origin: string;
}

const require = createRequire(import.meta.url);

/** The driver package a Node client runs on: the version compatlab ships, loaded when a cell needs it. */
/** `entry` is the module to load when it is not the package's main one, e.g. `mysql2/promise`. */
export function loadDriver<M>(entry: string, spec: ClientSpec, packageName = entry): LoadedDriver<M> {
  const bundled = (require(`${packageName}/package.json`) as { version: string }).version;
  if (spec.version !== undefined && spec.version !== bundled) {
    throw new SkipError(`${packageName}@${spec.version} is not installed (compatlab ships ${packageName}@${bundled})`);
  }
  return { module: require(entry) as M, version: bundled, origin: 'bundled with compatlab' };
}
