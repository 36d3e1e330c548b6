import { describe, expect, it } from 'vitest';
import { compareVersions, coordinateProblem, jdbcDrivers, jdbcPools, mavenVersionProblem, parsePool } from './artifacts.js';

describe('JVM artifacts', () => {
  it('knows where Connector/J and C3P0 moved between coordinates', () => {
    expect(jdbcDrivers['mysql-connector-j']!.artifact('8.0.18')).toBe('mysql:mysql-connector-java');
    expect(jdbcDrivers['mysql-connector-j']!.artifact('8.0.30')).toBe('mysql:mysql-connector-java');
    expect(jdbcDrivers['mysql-connector-j']!.artifact('8.0.31')).toBe('com.mysql:mysql-connector-j');
    expect(jdbcDrivers['mysql-connector-j']!.artifact('9.5.0')).toBe('com.mysql:mysql-connector-j');
    expect(jdbcPools.c3p0.artifact('0.9.1.2')).toBe('c3p0:c3p0');
    expect(jdbcPools.c3p0.artifact('0.9.5.5')).toBe('com.mchange:c3p0');
  });

  it('takes exact Maven versions and coordinates only', () => {
    expect([mavenVersionProblem('0.9.5.5'), mavenVersionProblem('42.2.28.jre7'), mavenVersionProblem('3.0.0-RC1')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(mavenVersionProblem('[8.0,9)')).toBe('version "[8.0,9)" must be an exact Maven version, e.g. 8.0.18');
    expect(coordinateProblem('org.postgresql:postgresql:42.7.8')).toBeUndefined();
    expect(coordinateProblem('postgresql:42.7.8')).toMatch(/must be a Maven coordinate group:artifact:version/);
  });

  it("reads a pool as Debian's (bare name) or a Maven version, and lists the known pools", () => {
    expect(parsePool('c3p0')).toEqual({ pool: 'c3p0' });
    expect(parsePool('druid@1.2.8')).toEqual({ pool: 'druid', version: '1.2.8' });
    expect(parsePool('druid')).toEqual({ problem: 'druid needs a version (no Debian package has it), e.g. druid@1.2.8' });
    expect(parsePool('dbcp@2.9.0')).toEqual({ problem: 'unknown pool "dbcp"; known pools: c3p0, druid, hikari' });
  });

  it('compares versions by their numbers', () => {
    expect([compareVersions('8.0.9', '8.0.18'), compareVersions('0.9.5.5', '0.9.2'), compareVersions('3', '3.0.0')]).toEqual([-1, 1, 0]);
  });
});
