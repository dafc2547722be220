import type { PlacementDecision } from './decision.js';

const WHERE = { local: 'on the device', remote: 'remotely', none: 'nowhere' } as const;

/**
 * One readable sentence per decision, e.g.
 * `"transcribe" ran on the device because its input is labelled "raw" and may not leave the device
 * (rule privacy:label, policy 2026-11 prefer-remote).`
 */
export function explainDecision(d: PlacementDecision): string {
  let verb: string;
  if (d.choice === 'deferred') {
    verb = d.ranOn === undefined ? 'is deferred' : d.ranOn === 'none' ? 'was deferred and never ran' : `ran ${WHERE[d.ranOn]} after being deferred`;
  } else {
    const outcome = d.ranOn ?? d.choice;
    const planned = d.ranOn === undefined ? 'goes' : 'ran';
    verb = outcome === 'none' ? `could run ${WHERE.none}` : `${planned} ${WHERE[outcome]}`;
  }
  const override = d.stageOverride ? ', stage override' : '';
  let sentence = `"${d.stage}" ${verb} because ${d.because} (rule ${d.rule}, policy ${d.policyVersion} ${d.mode}${override})`;
  if (d.fallbacksTried.length > 0) {
    const tried = d.fallbacksTried.map((f) => `${WHERE[f.placement]} failed: ${f.error.message}`).join('; ');
    sentence += `; fell back after ${tried}`;
  } else if (d.ranOn !== undefined && d.ranOn !== d.choice && (d.choice === 'local' || d.choice === 'remote')) {
    sentence += `; chosen ${WHERE[d.choice]} first`;
  }
  return `${sentence}.`;
}
