import { describe, expect, it } from 'vitest';
import { findJvm, type Jvm } from './jvms.js';

const jvms: Jvm[] = [
  { home: '/usr/lib/jvm/java-17-openjdk-amd64', java: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java', version: '17.0.15', feature: 17 },
  { home: '/usr/lib/jvm/temurin-25-jdk-amd64', java: '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java', version: '25.0.1', feature: 25 },
];

describe('findJvm', () => {
  it('finds a feature release the machine has, and names the ones it has when it lacks one', () => {
    expect(findJvm(25, jvms)).toBe(jvms[1]);
    expect(findJvm('17', jvms)).toBe(jvms[0]);
    expect(findJvm(21, jvms)).toEqual({
      problem: 'this machine has no Java 21; it has: 17 (/usr/lib/jvm/java-17-openjdk-amd64), 25 (/usr/lib/jvm/temurin-25-jdk-amd64)',
    });
  });

  it('takes a path only where a Java runtime is', () => {
    expect(findJvm('/nonexistent/jdk', jvms)).toEqual({
      problem:
        '/nonexistent/jdk is not a Java runtime (no bin/java and release file there); this machine has: 17 (/usr/lib/jvm/java-17-openjdk-amd64), 25 (/usr/lib/jvm/temurin-25-jdk-amd64)',
    });
  });
});
