import { describe, expect, it } from 'vitest';
import {
  TraceRecorder,
  createPrivacyBoundary,
  decidePlacement,
  definePolicy,
  isPrivacyViolationError,
  personal,
  raw,
  type PlacementDecision,
} from '../index.js';
import { runPlacedStage } from '../pipeline/run-stage.js';
import { RecordingTransport } from './recording-transport.js';
import { situation } from './situations.js';
import { translateStage } from './speech-stages.js';

/**
 * Even if the router were wrong (here: a decision forged to say "remote" for raw data), the
 * executor can only reach a remote through the boundary, which refuses before the transport and
 * never falls back.
 */
describe('defence in depth: a wrong decision still cannot leak', () => {
  it.each([
    ['raw', raw('audio bytes')],
    ['personal', personal('Ana ana@example.com')],
  ] as const)('%s input with a forged remote decision throws and the transport sees nothing', async (label, input) => {
    const transport = new RecordingTransport();
    const boundary = createPrivacyBoundary({ transport });
    const stage = translateStage();
    const honest = decidePlacement(stage, definePolicy({ version: 'x', mode: 'prefer-remote' }), situation({ inputLabel: label }));
    expect(honest.order).toEqual(['local']);
    const forged: PlacementDecision = { ...honest, choice: 'remote', order: ['remote', 'local'], fallbacksTried: [] };
    const recorder = new TraceRecorder('forged');
    const error: unknown = await runPlacedStage(stage as never, input, forged, { boundary, recorder, now: Date.now }).catch((e: unknown) => e);
    expect(isPrivacyViolationError(error) && error.details).toMatchObject({ stage: 'translate', label, rule: 'label' });
    expect(transport.calls).toHaveLength(0);
    // No fallback after a privacy refusal, and nothing counted as sent.
    expect(recorder.stages.map((s) => [s.placement, s.bytesSentOffDevice, s.error?.code])).toEqual([['remote', 0, 'PRIVACY_VIOLATION']]);
    expect(forged.ranOn).toBe('none');
  });
});
