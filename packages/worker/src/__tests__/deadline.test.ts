import { describe, expect, it } from 'vitest';
import { isStageAbortedError, isStageTimeoutError } from '@tandem/core';
import { runWithDeadline } from '../deadline.js';

const never = () => new Promise<never>(() => {});

describe('runWithDeadline', () => {
  it('resolves with the work when it finishes in time', async () => {
    await expect(runWithDeadline('s', { timeoutMs: 1000 }, async () => 42)).resolves.toBe(42);
  });

  it('rejects with StageTimeoutError after timeoutMs and aborts the work signal', async () => {
    let seen: AbortSignal | undefined;
    let reason: string | undefined;
    const started = Date.now();
    const error = await runWithDeadline('vad', { timeoutMs: 50 }, (signal) => ((seen = signal), never()), (r) => (reason = r)).catch((e: unknown) => e);
    expect(isStageTimeoutError(error)).toBe(true);
    expect((error as Error).message).toContain('"vad"');
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(seen?.aborted).toBe(true);
    expect(reason).toBe('timeout');
  });

  it('rejects with StageAbortedError when the caller aborts, with the reason', async () => {
    const controller = new AbortController();
    const pending = runWithDeadline('vad', { signal: controller.signal }, never);
    controller.abort(new Error('user left'));
    const error = await pending.catch((e: unknown) => e);
    expect(isStageAbortedError(error)).toBe(true);
    expect((error as Error).message).toContain('user left');
  });

  it('rejects at once when the signal is already aborted', async () => {
    const error = await runWithDeadline('s', { signal: AbortSignal.abort() }, async () => 1).catch((e: unknown) => e);
    expect(isStageAbortedError(error)).toBe(true);
  });

  it('passes the work\'s own error through', async () => {
    await expect(runWithDeadline('s', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
