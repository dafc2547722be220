import { explainDecision, type AuditStore } from '@tandem/core';
import { POLICY_VERSION } from '../speech-pipeline.ts';
import { h } from './format.ts';

/**
 * "Download decision records": the persisted audit log as JSON, earlier visits included, one
 * record per decision with its entry key, state (`pending`: deferred and not delivered yet),
 * policy version and the router's sentence for it.
 */
export async function downloadDecisions(audit: AuditStore): Promise<void> {
  const entries = await audit.list();
  const records = entries.map(({ key, state, decision }) => ({ key, state, ...decision }));
  const body = JSON.stringify({ exportedAt: new Date().toISOString(), policyVersion: POLICY_VERSION, capacity: audit.capacity, explanations: entries.map((e) => explainDecision(e.decision)), records }, null, 2);
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const a = h('a', { href: url, download: `tandem-decisions-${Date.now()}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
