import { describe, expect, it } from 'vitest';
import { SkipError } from '../../core/errors.js';
import { findJdk, requireJars } from './java.js';

describe('what the jdbc client needs', () => {
  it('skips with the install command when there is no JDK', async () => {
    await expect(findJdk({ PATH: '/nonexistent' })).rejects.toEqual(
      new SkipError(
        'the jdbc client needs a JDK (java, javac, keytool), and this machine has none; install one: apt-get install -y --no-install-recommends default-jdk-headless',
        { machineLacks: true },
      ),
    );
  });

  it('names the missing jars and the Debian packages that install them', async () => {
    await expect(
      requireJars([
        { file: '/nonexistent/postgresql.jar', debian: 'libpostgresql-jdbc-java' },
        { file: '/nonexistent/c3p0.jar', debian: 'libc3p0-java' },
      ]),
    ).rejects.toEqual(
      new SkipError(
        'the jdbc client needs /nonexistent/postgresql.jar, /nonexistent/c3p0.jar, missing here; install: apt-get install -y --no-install-recommends libpostgresql-jdbc-java libc3p0-java',
        { machineLacks: true },
      ),
    );
  });
});
