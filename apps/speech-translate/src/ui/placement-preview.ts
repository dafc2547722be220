/**
 * "Where each stage will run" under the chosen policy, before anything is spoken: the router's own
 * pure decision (`decidePlacement`) for every stage, so switching the policy (or going offline)
 * visibly moves the translate stage, and the tooltip gives the router's sentence for it.
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
    [pipelines.stages.translate, 'sanitized'],
  ];
  const chips = stages.map(([stage, inputLabel]) => {
    let where = 'held on device';
    let why = '';
    try {
      const d = decidePlacement(stage, policy, { capabilities, inputLabel, remoteCircuit: circuit });
      where = d.choice === 'local' ? 'device' : d.choice === 'remote' ? 'function' : 'held on device';
      why = explainDecision(d);
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
    const kind = where === 'device' ? 'device' : where === 'function' ? 'function' : 'not-run';
    return h('li', { 'data-stage': stage.name, 'data-where': kind, title: why }, h('span', { class: 'stage-name' }, stage.name), h('span', { class: `where ${kind}` }, where));
  });
  el.replaceChildren(h('span', { class: 'preview-label' }, `Under ${mode}:`), h('ol', { class: 'preview' }, ...chips));
}
