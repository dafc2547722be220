import { describe, expect, it } from 'vitest';
import { RingBufferAuditLog, auditKey, decidePlacement, parsePolicy, type PlacementDecision } from '../index.js';
import { situation, translateStage } from './situations.js';

const policy = parsePolicy({ version: 'audit-3', mode: 'prefer-remote' });

/** A real decision of the router, made at `at` (epoch ms). */
function decide(at: number, over: Parameters<typeof situation>[0] = {}): PlacementDecision {
  return decidePlacement(translateStage, policy, situation(over), { now: () => at });
}

describe('the audit store contract (in-memory ring)', () => {
  it('keeps one entry per decision: the settled write supersedes the pending one in place', async () => {
    const log = new RingBufferAuditLog(8);
    const first = decide(1_000);
    const deferred = decide(1_001);
    const last = decide(1_002);
    log.write(first);
    log.write(deferred); // before it ran: pending
    log.write(last);
    expect((await log.list()).map((e) => [e.key, e.state])).toEqual([
      [auditKey(first), 'pending'],
      [auditKey(deferred), 'pending'],
      [auditKey(last), 'pending'],
    ]);
    deferred.ranOn = 'remote';
    log.write(deferred);
    const entries = await log.list();
    expect(entries.map((e) => [e.key, e.state])).toEqual([
      [auditKey(first), 'pending'],
      [auditKey(deferred), 'settled'],
      [auditKey(last), 'pending'],
    ]);
    // Every entry names the policy version that made the decision.
    expect(entries.map((e) => e.decision.policyVersion)).toEqual(['audit-3', 'audit-3', 'audit-3']);
    expect(entries[1]!.decision.ranOn).toBe('remote');
  });

  it('keys by time and id, so a decision id reused after a reload is a different entry', async () => {
    const log = new RingBufferAuditLog(8);
    const before = decide(5_000);
    const after = { ...decide(9_000), id: before.id }; // the page's counter started again
    log.write(before);
    log.write(after);
    expect((await log.list()).map((e) => e.decision.at)).toEqual([5_000, 9_000]);
    expect(auditKey(before)).not.toBe(auditKey(after));
  });

  it('is bounded (oldest first out), lists copies, and clears', async () => {
    const log = new RingBufferAuditLog(2);
    const decisions = [decide(1), decide(2), decide(3)];
    for (const d of decisions) log.write(d);
    const entries = await log.list();
    expect(entries.map((e) => e.decision.at)).toEqual([2, 3]);
    entries[0]!.decision.ranOn = 'none';
    expect((await log.list())[0]!.decision.ranOn).toBeUndefined();
    await log.clear();
    expect(await log.list()).toEqual([]);
  });
});
