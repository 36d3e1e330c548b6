import { describe, expect, it } from 'vitest';
import type { KnownFailure } from '../config/schema.js';
import type { StepResult } from '../core/report.js';
import { SkipError } from '../core/errors.js';
import { classify, errorVerdict } from './classify.js';

const step = (name: string, met: boolean, message?: string): StepResult => ({
  index: 0,
  name,
  kind: 'connect',
  summary: `connect "${name}"`,
  expected: { ok: true },
  outcome: message ? { ok: false, error: { code: 'EPROTO', message } } : { ok: true },
  met,
  durationMs: 1,
  evidence: { serverLog: [] },
});
const known: KnownFailure = {
  where: { server: 'postgres@15.8' },
  steps: ['resumed'],
  error: 'alert internal error',
  link: 'https://example.org/bug',
};

describe('classify', () => {
  it('passes when every step met its expectation', () => {
    expect(classify([step('first', true), step('resumed', true)], undefined)).toEqual({ status: 'pass' });
  });

  it('fails when a step did not, saying which and why', () => {
    expect(classify([step('first', true), step('resumed', false, 'tlsv1 alert internal error')], undefined)).toEqual({
      status: 'fail',
      reason: 'resumed failed with EPROTO: tlsv1 alert internal error (expected ok)',
    });
  });

  it('is a known failure only when it fails the known way', () => {
    expect(classify([step('first', true), step('resumed', false, 'tlsv1 alert internal error')], known).status).toBe('known-fail');
    expect(classify([step('first', false, 'tlsv1 alert internal error'), step('resumed', true)], known).status).toBe('fail');
    expect(classify([step('first', true), step('resumed', false, 'connection refused')], known).status).toBe('fail');
  });

  it('reports a known failure that no longer happens', () => {
    expect(classify([step('first', true), step('resumed', true)], known)).toEqual({
      status: 'fail',
      reason: 'known failure no longer happens: https://example.org/bug',
    });
  });
});

describe('errorVerdict', () => {
  it('says when a skip is for something this machine lacks, so CI can fail it', () => {
    expect(errorVerdict(new SkipError('no JDK here', { machineLacks: true }))).toEqual({
      status: 'skipped',
      reason: 'no JDK here',
      machineLacks: true,
    });
  });

  it('leaves a skip the combination implies without the mark', () => {
    expect(errorVerdict(new SkipError('PyMySQL cannot require TLS'))).toEqual({ status: 'skipped', reason: 'PyMySQL cannot require TLS' });
  });

  it('makes anything else an error', () => {
    expect(errorVerdict(new Error('broken'))).toEqual({ status: 'error', reason: 'broken' });
  });
});
