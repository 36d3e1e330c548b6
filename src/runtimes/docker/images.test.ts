import { describe, expect, it } from 'vitest';
import { postgresEngine } from '../../engines/postgres/index.js';
import { imageName, resolveImageSource } from './images.js';

describe('image names', () => {
  const name = (option: string | undefined, env: NodeJS.ProcessEnv = {}) =>
    imageName(resolveImageSource(option, env), postgresEngine, '15.8');

  it('uses Docker Hub by default, the lab images or a mirror when asked', () => {
    expect(name(undefined)).toBe('postgres:15.8');
    expect(name('hub')).toBe('postgres:15.8');
    expect(name('lab')).toBe('compatlab-lab/postgres:15.8');
    expect(name('registry.example.com/mirror/')).toBe('registry.example.com/mirror/postgres:15.8');
    expect(name('localhost:5000')).toBe('localhost:5000/postgres:15.8');
  });

  it('reads COMPATLAB_IMAGES when --images is absent, and prefers --images', () => {
    expect(name(undefined, { COMPATLAB_IMAGES: 'lab' })).toBe('compatlab-lab/postgres:15.8');
    expect(name('hub', { COMPATLAB_IMAGES: 'lab' })).toBe('postgres:15.8');
  });

  it('rejects what cannot be a registry prefix', () => {
    expect(() => resolveImageSource('Bad Prefix', {})).toThrow(
      '--images "Bad Prefix" is not hub, lab or a registry prefix such as registry.example.com/mirror',
    );
    expect(() => resolveImageSource('mirror/postgres:15', {})).toThrow(/is not hub, lab or a registry prefix/);
  });
});
