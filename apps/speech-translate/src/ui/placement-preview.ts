/**
 * "Where each stage will run" under the chosen policy, before anything is spoken: the router's own
 * pure decision (`decidePlacement`) for every stage, so switching the policy (or going offline)
 * visibly moves the punctuate stage (device ↔ function) and the translate stage (function, held
 * under local-only, queued while offline), and the tooltip gives the router's sentence for each.
 */
import { decidePlacement, explainDecision, parsePolicy, type DeviceCapabilities, type SensitivityLabel, type StageDescriptor } from '@tandem/core';
import { POLICY_VERSION, type SpeechPipelines, type UiPolicy } from '../speech-pipeline.ts';
import { h } from './format.ts';

export function renderPlacementPreview(el: HTMLElement, pipelines: SpeechPipelines, mode: UiPolicy, capabilities: DeviceCapabilities, circuit: 'closed' | 'open' | 'half-open'): void {
  const policy = parsePolicy({ version: POLICY_VERSION, mode });
  const stages: [StageDescriptor, SensitivityLabel][] = [
    [pipelines.stages.vad, 'raw'],
    [pipelines.stages.transcribe, 'raw'],
    [pipelines.redactor.stage, 'personal'],
    [pipelines.stages.punctuate, 'sanitized'],
    [pipelines.stages.translate, 'sanitized'],
  ];
  const WHERE = { local: ['device', 'device'], remote: ['function', 'function'], deferred: ['queued on device', 'queued'], none: ['held on device', 'not-run'] } as const;
  const chips = stages.map(([stage, inputLabel]) => {
    let choice: keyof typeof WHERE = 'none';
    let why = '';
    try {
      const d = decidePlacement(stage, policy, { capabilities, inputLabel, remoteCircuit: circuit });
      choice = d.choice;
      why = explainDecision(d);
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
    const [where, kind] = WHERE[choice];
    // A queued stage looks like a held one; its own class lets the style tell them apart.
    const style = kind === 'queued' ? 'not-run queued' : kind;
    return h('li', { 'data-stage': stage.name, 'data-where': kind, title: why }, h('span', { class: 'stage-name' }, stage.name), h('span', { class: `where ${style}` }, where));
  });
  el.replaceChildren(h('span', { class: 'preview-label' }, `Under ${mode}:`), h('ol', { class: 'preview' }, ...chips));
}
