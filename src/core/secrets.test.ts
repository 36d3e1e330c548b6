import { describe, expect, it } from 'vitest';
import { scrubText, scrubbingLogger } from './secrets.js';

describe('scrubText', () => {
  it('replaces every occurrence of every secret', () => {
    expect(scrubText(`STATEMENT: CREATE ROLE app PASSWORD 'Xy7pQ9rT' -- Xy7pQ9rT`, ['Xy7pQ9rT', 'unused-secret'])).toBe(
      `STATEMENT: CREATE ROLE app PASSWORD '***' -- ***`,
    );
  });

  it('leaves strings too short to be a generated password alone', () => {
    expect(scrubText('a b c', ['a'])).toBe('a b c');
  });
});

describe('scrubbingLogger', () => {
  it('scrubs secrets added after it was made', () => {
    const lines: string[] = [];
    const secrets = new Set<string>();
    const logger = scrubbingLogger({ info: (m) => lines.push(m), warn: (m) => lines.push(m), progress: (m) => lines.push(m) }, secrets);
    secrets.add('s3cret-pass');
    logger.warn('password s3cret-pass rejected');
    expect(lines).toEqual(['password *** rejected']);
  });
});
