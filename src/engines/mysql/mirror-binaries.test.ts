import { describe, expect, it } from 'vitest';
import { checksumIn } from '../../core/download.js';
import { archiveNames, archiveUrl } from './mirror-binaries.js';

describe('MySQL mirror layout', () => {
  it("names an official build's archive as MySQL's download tree does, newest glibc first", () => {
    expect(archiveNames('8.0.40')).toEqual([
      'mysql-8.0.40-linux-glibc2.28-x86_64.tar.xz',
      'mysql-8.0.40-linux-glibc2.17-x86_64.tar.xz',
      'mysql-8.0.40-linux-glibc2.12-x86_64.tar.xz',
    ]);
    expect(archiveUrl('https://mirror.example/mysql/Downloads', '8.0.40', archiveNames('8.0.40')[0]!)).toBe(
      'https://mirror.example/mysql/Downloads/MySQL-8.0/mysql-8.0.40-linux-glibc2.28-x86_64.tar.xz',
    );
  });

  it('reads a checksum file as sha256sum and md5sum write it, or a bare digest', () => {
    expect(checksumIn('9E107D9D372BB6826BD81D3542A419D6  mysql-8.0.40-linux-glibc2.28-x86_64.tar.xz\n')).toBe(
      '9e107d9d372bb6826bd81d3542a419d6',
    );
    expect(checksumIn('7db3b52fdebb53ebbb6abaf7ad647ecbf1fd67b9')).toBe('7db3b52fdebb53ebbb6abaf7ad647ecbf1fd67b9');
  });
});
