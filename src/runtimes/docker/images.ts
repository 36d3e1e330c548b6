import type { Engine } from '../../core/engine.js';
import { UsageError } from '../../core/errors.js';

/** Where server images come from: Docker Hub, the locally built lab images, or a registry mirror. */
export type ImageSource = { kind: 'hub' } | { kind: 'lab' } | { kind: 'prefix'; prefix: string };

/** Repository prefix of the images `images/build.sh` builds. */
export const labRepositoryPrefix = 'compatlab-lab';

/** Reads `--images`, falling back to `COMPATLAB_IMAGES`, then `hub`. */
export function resolveImageSource(option: string | undefined, env: NodeJS.ProcessEnv = process.env): ImageSource {
  const value = (option ?? env.COMPATLAB_IMAGES ?? 'hub').trim();
  if (value === 'hub') return { kind: 'hub' };
  if (value === 'lab') return { kind: 'lab' };
  const prefix = value.replace(/\/+$/, '');
  // A registry host (with optional port) and/or repository path, without a tag or digest.
  if (!/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$/.test(prefix)) {
    throw new UsageError(`--images "${value}" is not hub, lab or a registry prefix such as registry.example.com/mirror`);
  }
  return { kind: 'prefix', prefix };
}

export function describeImageSource(source: ImageSource): string {
  return source.kind === 'prefix' ? source.prefix : source.kind;
}

/** `postgres:15.8`, `compatlab-lab/postgres:15.8` or `registry.example.com/mirror/postgres:15.8`. */
export function imageName(source: ImageSource, engine: Engine, version: string): string {
  const tagged = `${engine.container.repository}:${version}`;
  switch (source.kind) {
    case 'hub':
      return tagged;
    case 'lab':
      return `${labRepositoryPrefix}/${tagged}`;
    case 'prefix':
      return `${source.prefix}/${tagged}`;
  }
}
