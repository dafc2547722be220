import { describe, expect, it } from 'vitest';
import { StageTraceEvent, TraceRecorder, baselineCapabilities, type StageTrace } from '../index.js';

const trace = (over: Partial<StageTrace> = {}): StageTrace => ({
  stage: 'asr',
  placement: 'local',
  backend: 'wasm',
  runMs: 12,
  bytesIn: 100,
  bytesSentOffDevice: 0,
  startedAt: 1000,
  endedAt: 1012,
  ...over,
});

describe('TraceRecorder', () => {
  it('emits one stage event per record and exports JSON with totals', () => {
    const recorder = new TraceRecorder('speech', { now: () => 1000 });
    const seen: StageTrace[] = [];
    recorder.addEventListener('stage', (e) => {
      expect(e).toBeInstanceOf(StageTraceEvent);
      seen.push(e.trace);
    });
    const partials: unknown[] = [];
    recorder.addEventListener('partial', (e) => partials.push([e.stage, e.partial]));
    recorder.record(trace());
    recorder.partial('mt', 'hel');
    recorder.record(trace({ stage: 'mt', placement: 'remote', backend: 'remote', bytesIn: 20, bytesSentOffDevice: 20, estimatedCostUsd: 0.001, runMs: 30 }));
    recorder.end(2000);
    expect(seen.map((s) => s.stage)).toEqual(['asr', 'mt']);
    expect(partials).toEqual([['mt', 'hel']]);
    const json = JSON.parse(recorder.exportJSON()) as ReturnType<TraceRecorder['toJSON']>;
    expect(json.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(json).toMatchObject({ name: 'speech', startedAt: 1000, endedAt: 2000 });
    expect(json.totals).toEqual({ runMs: 42, bytesIn: 100, bytesSentOffDevice: 20, estimatedCostUsd: 0.001 });
    expect(json.stages).toHaveLength(2);
  });

  it('gives a baseline capability object for overrides', () => {
    const caps = baselineCapabilities({ online: false });
    expect(caps.online).toBe(false);
    expect(caps.webgpu.available).toBe(false);
  });
});
