import { describe, expect, test } from 'vitest';
import { completedRecord, decideClaim, releases, sharedStateSettings, type IdempotencyRecord } from '../shared-idempotency.js';

/**
 * The claim rules every shared store applies (the Durable Object and the state directory run
 * them inside their own atomic step; apps/translate-function tests them end to end).
 */
const request = { fingerprint: 'f', owner: 'me', claimTtlMs: 1_000 };
const ok = { status: 200, body: 'answer' };

describe('shared idempotency rules', () => {
  test('a free or expired key is claimed; a live one answers done, pending or conflict', () => {
    expect(decideClaim(undefined, request, 0)).toEqual({ claim: { kind: 'claimed' }, store: { state: 'pending', fingerprint: 'f', owner: 'me', expiresAt: 1_000 } });
    const pending: IdempotencyRecord = { state: 'pending', fingerprint: 'f', owner: 'other', expiresAt: 1_000 };
    expect(decideClaim(pending, request, 999).claim).toEqual({ kind: 'pending' });
    expect(decideClaim(pending, { ...request, fingerprint: 'g' }, 999).claim).toEqual({ kind: 'conflict' });
    expect(decideClaim(pending, request, 1_000).claim).toEqual({ kind: 'claimed' }); // abandoned: taken over
    const done: IdempotencyRecord = { state: 'done', fingerprint: 'f', response: ok, expiresAt: 5_000 };
    expect(decideClaim(done, request, 10)).toEqual({ claim: { kind: 'done', response: ok } });
  });

  test('complete keeps a stored answer and a live claim another owner took over', () => {
    const mine: IdempotencyRecord = { state: 'pending', fingerprint: 'f', owner: 'me', expiresAt: 1_000 };
    expect(completedRecord(mine, request, ok, 10, 60_000)).toEqual({ state: 'done', fingerprint: 'f', response: ok, expiresAt: 60_010 });
    const takenOver: IdempotencyRecord = { state: 'pending', fingerprint: 'g', owner: 'other', expiresAt: 3_000 };
    expect(completedRecord(takenOver, request, ok, 2_000, 60_000)).toBeUndefined();
    const done: IdempotencyRecord = { state: 'done', fingerprint: 'f', response: { status: 200, body: 'first' }, expiresAt: 60_000 };
    expect(completedRecord(done, request, ok, 10, 60_000)).toBeUndefined();
  });

  test('release drops only its own pending claim', () => {
    expect(releases({ state: 'pending', fingerprint: 'f', owner: 'me', expiresAt: 1 }, 'me')).toBe(true);
    expect(releases({ state: 'pending', fingerprint: 'f', owner: 'other', expiresAt: 1 }, 'me')).toBe(false);
    expect(releases({ state: 'done', fingerprint: 'f', response: ok, expiresAt: 1 }, 'me')).toBe(false);
  });

  test('claims outlive the provider deadline', () => {
    expect(sharedStateSettings({ rateLimit: { perMinute: 60, burst: 5 }, providerTimeoutMs: 1_500 })).toEqual({ limits: { perMinute: 60, burst: 5 }, claimTtlMs: 6_500 });
    expect(sharedStateSettings({}).claimTtlMs).toBeGreaterThan(15_000);
  });
});
