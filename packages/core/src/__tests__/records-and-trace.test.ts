import { describe, expect, it } from 'vitest';
import {
  AXES,
  RingBufferAuditLog,
  TraceRecorder,
  createTandem,
  deserializeError,
  explainDecision,
  fanOutAuditSink,
  pipeline,
  raw,
  toOtelAttributes,
  toOtelSpans,
  type AuditSink,
  type PlacementDecision,
} from '../index.js';
import { RecordingTransport } from './recording-transport.js';
import { capabilities } from './situations.js';
import { redact, transcribe, translateStage } from './speech-stages.js';

const speech = pipeline('speech-translate', 'raw').then(transcribe).then(redact).then(translateStage());

async function runSpeech(audit: AuditSink) {
  const tandem = createTandem({
    policy: { version: 'rec-7', mode: 'prefer-remote', latencyBudgetMs: 2000 },
    transport: new RecordingTransport((r) => `es: ${String(r.payload)}`),
    capabilities: capabilities({ deviceMemoryGiB: 8, batterySaver: false }),
    remoteCircuit: () => 'closed',
    localEngineUnstable: () => false,
    modelCached: (id) => id === 'whisper-tiny',
    audit,
  });
  const recorder = new TraceRecorder('speech-translate');
  const seen: string[] = [];
  recorder.addEventListener('stage', (e) => seen.push(e.trace.stage));
  const result = await tandem.run(speech, raw(new Float32Array(800)), { recorder });
  return { result, seen, recorder };
}

describe('decision records', () => {
  it('contain every field: stage, choice, per-axis scores, deciding rule, fallbacks, policy version', async () => {
    const audit = new RingBufferAuditLog();
    const { result } = await runSpeech(audit);
    expect(result.decisions).toHaveLength(3);
    for (const d of result.decisions) {
      expect(Object.keys(d).sort()).toEqual(
        ['at', 'because', 'choice', 'excluded', 'fallbacksTried', 'id', 'inputLabel', 'mode', 'order', 'policyVersion', 'ranOn', 'rule', 'scores', 'situation', 'stage', 'stageOverride', 'total'].sort(),
      );
      expect(d.policyVersion).toBe('rec-7');
      expect(Object.keys(d.scores)).toEqual([...AXES]);
      for (const axis of AXES) {
        expect(d.scores[axis]).toEqual({ score: expect.any(Number) as number, weight: 1, reason: expect.any(String) as string });
        expect(Math.abs(d.scores[axis].score)).toBeLessThanOrEqual(1);
      }
      expect(d.situation).toMatchObject({ online: true, webgpu: true, deviceMemoryGiB: 8, batterySaver: false, remoteCircuit: 'closed', localEngineUnstable: false, latencyBudgetMs: 2000 });
      expect(d.fallbacksTried).toEqual([]);
    }
    const [asr, , mt] = result.decisions as [PlacementDecision, PlacementDecision, PlacementDecision];
    expect(asr.situation.modelCached).toBe(true);
    expect(mt.situation.modelCached).toBe(false);
    expect(asr.excluded).toContainEqual({ placement: 'remote', rule: 'privacy:label', reason: 'its input is labelled "raw" and may not leave the device', hard: true });
    expect(mt).toMatchObject({ stage: 'translate', choice: 'remote', ranOn: 'remote', rule: 'mode:prefer-remote', inputLabel: 'sanitized', mode: 'prefer-remote' });
    expect(mt.scores.cost.reason).toContain('$');
    // The audit log holds structured-clone copies, readable as sentences.
    expect(audit.records()).toEqual(result.decisions);
    expect(audit.explain()).toEqual(result.decisions.map(explainDecision));
    expect(audit.explain()[2]).toBe('"translate" ran remotely because the policy prefers the remote (rule mode:prefer-remote, policy rec-7 prefer-remote).');
  });

  it('ring buffer keeps the newest records; sinks are pluggable', async () => {
    const ring = new RingBufferAuditLog(2);
    const custom: PlacementDecision[] = [];
    await runSpeech(fanOutAuditSink(ring, { write: (d) => custom.push(d) }));
    expect(ring.records().map((d) => d.stage)).toEqual(['redact', 'translate']);
    expect(custom.map((d) => d.stage)).toEqual(['transcribe', 'redact', 'translate']);
    await ring.clear();
    expect(ring.records()).toEqual([]);
    expect(() => new RingBufferAuditLog(0)).toThrow(RangeError);
  });
});

describe('trace', () => {
  it('has every field per stage, is emitted as events, and exports as JSON', async () => {
    const { result, seen, recorder } = await runSpeech(new RingBufferAuditLog());
    expect(seen).toEqual(['transcribe', 'redact', 'translate']);
    const [asr, red, mt] = result.trace.stages;
    expect(asr).toEqual({
      stage: 'transcribe',
      placement: 'local',
      backend: 'wasm',
      modelId: 'whisper-tiny',
      modelVersion: '1',
      cacheHit: true,
      loadMs: 40,
      compileMs: 10,
      runMs: 5,
      bytesIn: 3200,
      bytesSentOffDevice: 0,
      estimatedCostUsd: 0,
      startedAt: expect.any(Number) as number,
      endedAt: expect.any(Number) as number,
      inputLabel: 'raw',
      outputLabel: 'personal',
      partials: 4,
      decisionId: result.decisions[0]?.id,
    });
    expect(red).toMatchObject({ stage: 'redact', placement: 'local', backend: 'js', bytesSentOffDevice: 0 });
    expect(mt).toMatchObject({ stage: 'translate', placement: 'remote', backend: 'remote', estimatedCostUsd: 0.0002 });
    expect(mt?.bytesSentOffDevice).toBeGreaterThan(0);
    const json = JSON.parse(recorder.exportJSON(2)) as typeof result.trace;
    expect(json).toEqual(JSON.parse(JSON.stringify(result.trace)));
    expect(json.endedAt).toBeGreaterThanOrEqual(json.startedAt);
  });

  it('maps onto OpenTelemetry span attributes as documented', async () => {
    const { result } = await runSpeech(new RingBufferAuditLog());
    const asr = result.trace.stages[0];
    if (asr === undefined) throw new Error('no trace');
    expect(toOtelAttributes(asr)).toEqual({
      'tandem.stage.name': 'transcribe',
      'tandem.placement': 'local',
      'tandem.backend': 'wasm',
      'tandem.duration.run_ms': 5,
      'tandem.bytes.in': 3200,
      'tandem.bytes.sent_off_device': 0,
      'tandem.model.id': 'whisper-tiny',
      'gen_ai.request.model': 'whisper-tiny',
      'tandem.model.version': '1',
      'tandem.model.cache_hit': true,
      'tandem.duration.load_ms': 40,
      'tandem.duration.compile_ms': 10,
      'tandem.cost.estimated_usd': 0,
      'tandem.label.input': 'raw',
      'tandem.label.output': 'personal',
      'tandem.partials': 4,
      'tandem.decision.id': result.decisions[0]?.id,
    });
    const spans = toOtelSpans(result.trace);
    expect(spans.map((s) => s.name)).toEqual(['tandem.stage transcribe', 'tandem.stage redact', 'tandem.stage translate']);
    expect(spans[0]).toMatchObject({ traceId: result.trace.traceId, status: { code: 'OK' } });
    expect(BigInt(spans[0]!.startTimeUnixNano)).toBe(BigInt(asr.startedAt) * 1_000_000n);
    expect(spans[2]?.attributes['tandem.pipeline.name']).toBe('speech-translate');
  });

  it('maps a failed attempt to an ERROR span with error.type', () => {
    const failed = { stage: 's', placement: 'local' as const, backend: 'wasm', runMs: 1, bytesIn: 0, bytesSentOffDevice: 0, startedAt: 1, endedAt: 2, error: { name: 'StageTimeoutError', code: 'STAGE_TIMEOUT', message: 'late' } };
    expect(toOtelAttributes(failed)['error.type']).toBe('STAGE_TIMEOUT');
    const [span] = toOtelSpans({ traceId: 't', name: 'p', startedAt: 1, stages: [failed], totals: { runMs: 1, bytesIn: 0, bytesSentOffDevice: 0, estimatedCostUsd: 0 } });
    expect(span?.status).toEqual({ code: 'ERROR', message: 'late' });
    expect(deserializeError(failed.error).name).toBe('StageTimeoutError');
  });
});
