// Backend errors as sentences: what happened, then what to try, once.
import { describe, expect, it } from 'vitest';
import { explainError, settle } from '../../../src-renderer/src/lib/api-error.ts';

describe('api errors', () => {
  it('adds what to try after what happened', () => {
    expect(explainError({ code: 'busy', message: 'A run is already in progress' })).toBe(
      'A run is already in progress. Only one run can go at a time: wait for it on Live run, or cancel it there.',
    );
    expect(explainError({ code: 'import-failed', message: 'runs[0].trials: required.' })).toMatch(/^runs\[0\]\.trials: required\. Check that the file/);
  });

  it('leaves a message that already says what to try alone', () => {
    const m = 'cannot reach the lab at http://127.0.0.1:1: fetch failed. Is `concurrency-lab serve` still running?';
    expect(explainError({ code: 'unavailable', message: m })).toBe(m);
  });

  it('turns a throwing transport into data', async () => {
    expect(await settle(() => Promise.reject(new Error('socket hang up')))).toEqual({ ok: false, code: 'internal', message: 'socket hang up' });
  });
});
