import { baselineCapabilities, isPlacementError, isValidationError, raw, type SegmentBoundary, type SegmenterStep, type Tandem } from '@tandem/core';
import { createTranslateClient } from '@tandem/functions-client';
import type { SpeechClose, SpeechOpen } from '@tandem/runtime-onnx';
import { audioChunks, listen, liveSpeechStages, type AsrEngine, type AsrListener } from '@tandem/speech';
import { describe, expect, it } from 'vitest';
import { createSpeechPipelines, type SpeechPipelines } from '../speech-pipeline.ts';

const SAID = 'please call john smith at four one five five five five one two three four';

/**
 * Stand-ins for the two worker engines (the e2e specs run the real ones in Chromium): a detector
 * that hears one utterance from the first sample to the end, and a recogniser that says SAID.
 */
function boundaries() {
  return {
    run(step: SegmenterStep<Float32Array>) {
      const out: SegmentBoundary<SpeechOpen, SpeechClose>[] = [];
      if (!('end' in step) && step.stream !== 'seen') out.push({ type: 'open', start: 0, meta: { onsetSample: 0, speechStartMs: 0 } });
      if ('end' in step && step.end === 'flush') {
        out.push({ type: 'close', end: 16_000, meta: { startSample: 0, endSample: 16_000, startMs: 0, endMs: 1_000, speechStartMs: 0, speechEndMs: 1_000, onsetSample: 0, endedBy: 'end-of-stream', decidedAtSample: 16_000 } });
      }
      return Promise.resolve({ output: out, report: { backend: 'wasm', runMs: 1 } });
    },
  };
}
function recogniser(): AsrEngine {
  const listeners = new Set<AsrListener>();
  return {
    info: { engine: 'test', backend: 'wasm', modelId: 'test-asr', modelVersion: '1', sampleRate: 16_000, loadMs: 0 },
    start: () => Promise.resolve(),
    feed: () => {
      for (const l of listeners) l({ type: 'partial', partial: { text: 'please call', audioSeconds: 0.5 } });
      return Promise.resolve();
    },
    end: () => Promise.resolve({ text: SAID, words: [], audioSeconds: 1, processingMs: 1 }),
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    dispose: () => Promise.resolve(),
  };
}

/** One second of audio through the live pipeline: the one utterance's result. */
async function hear(pipelines: SpeechPipelines, tandem: Tandem, partials: unknown[] = []) {
  let opened = false;
  for await (const e of listen(tandem, pipelines.speech, pipelines.listen, audioChunks(raw(new Float32Array(16_000)), 1))) {
    if (e.type === 'partial') partials.push(e.text);
    if (e.type === 'cut') opened = true;
    if (e.type === 'result') {
      if (e.outcome.status !== 'done') throw new Error(`not heard: ${e.outcome.status}`);
      expect(opened).toBe(true);
      return e.outcome;
    }
  }
  throw new Error('no utterance');
}

function setup(online = true) {
  const bodies: string[] = [];
  const paths: string[] = [];
  const client = createTranslateClient({
    endpoint: 'http://fn.test',
    queue: false,
    retries: 0,
    online: () => online,
    fetch: (url, init) => {
      const body = String(init?.body);
      bodies.push(body);
      paths.push(new URL(String(url)).pathname);
      const { text, target } = JSON.parse(body) as { text: string; target: string };
      // The function's punctuate route stand-in answers in capitals, so the test can tell who ran it.
      const answer = String(url).endsWith('/v1/punctuate')
        ? { text: text.toUpperCase(), rules: ['test'], ms: 0 }
        : { translation: `[${target}] ${text.replace('call', 'llamada')}`, provider: 'test', model: 'echo', ms: 1 };
      return Promise.resolve(new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }));
    },
  });
  const speech = liveSpeechStages({ boundaries: boundaries(), asr: recogniser() });
  const pipelines = createSpeechPipelines({ speech, client, capabilities: () => Promise.resolve(baselineCapabilities({ online })) });
  return { pipelines, bodies, paths };
}

describe('the app pipelines', () => {
  it('transcribes and redacts on the device, sends only placeholders, restores locally', async () => {
    const { pipelines, bodies } = setup();
    const tandem = pipelines.tandemFor('prefer-remote');
    const partials: unknown[] = [];
    const listened = await hear(pipelines, tandem, partials);
    expect(partials).toEqual(['please call']);
    expect(listened.trace.stages.map((s) => `${s.stage}@${s.placement}`)).toEqual(['transcribe@local', 'redact-transcript@local']);
    const sanitized = listened.output;
    expect(sanitized.value.text).toMatch(/^please call ⟦1⟧ at ⟦2⟧$/);

    const translated = await tandem.run(pipelines.translation, sanitized, { params: { translate: { source: 'eng', target: 'cat' } } });
    expect(translated.trace.stages[0]).toMatchObject({ stage: 'translate', placement: 'remote', params: { source: 'eng', target: 'cat' } });
    expect(bodies).toHaveLength(1);
    expect(JSON.parse(bodies[0]!)).toEqual({
      text: 'please call ⟦1⟧ at ⟦2⟧',
      source: 'eng',
      target: 'cat',
      redaction: { version: 1, placeholders: ['⟦1⟧', '⟦2⟧'] },
      label: 'sanitized',
    });
    for (const secret of ['john', 'smith', 'four']) expect(bodies[0]).not.toContain(secret);
    expect(pipelines.redactor.restore(translated.output.value, sanitized.value).text).toBe(`[cat] please llamada john smith at four one five five five five one two three four`);
  });

  it('one pipeline serves every target: the language pair is a validated per-run parameter', async () => {
    const { pipelines, bodies } = setup();
    const tandem = pipelines.tandemFor('prefer-local');
    const listened = await hear(pipelines, tandem);
    for (const target of ['spa', 'cat'] as const) await tandem.run(pipelines.translation, listened.output, { params: { translate: { source: 'eng', target } } });
    expect(bodies.map((b) => (JSON.parse(b) as { target: string }).target)).toEqual(['spa', 'cat']);
    const error: unknown = await tandem.run(pipelines.translation, listened.output, { params: { translate: { source: 'eng', target: 'deu' as 'spa' } } }).catch((e: unknown) => e);
    expect(isValidationError(error) && error.message).toContain('translate.target');
    expect(bodies).toHaveLength(2);
  });

  it('punctuate runs on the device under prefer-local and local-only, in the function under prefer-remote', async () => {
    const { pipelines, paths, bodies } = setup();
    const placed: string[] = [];
    for (const mode of ['prefer-local', 'local-only', 'prefer-remote'] as const) {
      const tandem = pipelines.tandemFor(mode);
      const listened = await hear(pipelines, tandem);
      const polished = await tandem.run(pipelines.polish, listened.output);
      const t = polished.trace.stages[0]!;
      placed.push(`${mode}: ${t.stage}@${t.placement} → ${polished.output.value.text}`);
      expect(polished.output.label).toBe('sanitized');
    }
    expect(placed).toEqual([
      'prefer-local: punctuate@local → Please call ⟦1⟧ at ⟦2⟧.',
      'local-only: punctuate@local → Please call ⟦1⟧ at ⟦2⟧.',
      'prefer-remote: punctuate@remote → PLEASE CALL ⟦1⟧ AT ⟦2⟧',
    ]);
    expect(paths).toEqual(['/v1/punctuate']);
    expect(JSON.parse(bodies[0]!)).toEqual({ text: 'please call ⟦1⟧ at ⟦2⟧', redaction: { version: 1, placeholders: ['⟦1⟧', '⟦2⟧'] }, label: 'sanitized' });
  });

  it('local-only refuses the translate stage before anything is sent, and records why', async () => {
    const { pipelines, bodies } = setup();
    const tandem = pipelines.tandemFor('local-only');
    const listened = await hear(pipelines, tandem);
    const error = await tandem.run(pipelines.translation, listened.output, { params: { translate: { source: 'eng', target: 'spa' } } }).catch((e: unknown) => e);
    expect(isPlacementError(error)).toBe(true);
    expect(bodies).toEqual([]);
    const last = (await pipelines.audit.list()).at(-1)!;
    expect(last.decision).toMatchObject({ stage: 'translate', choice: 'none', mode: 'local-only' });
  });

  it('offline, the router defers translate (the queue waits for the connection) and punctuates on the device', async () => {
    const { pipelines, bodies } = setup(false);
    const tandem = pipelines.tandemFor('prefer-remote');
    const listened = await hear(pipelines, tandem);
    const polished = await tandem.run(pipelines.polish, listened.output);
    expect(polished.decisions[0]).toMatchObject({ stage: 'punctuate', ranOn: 'local', rule: 'runtime:offline' });
    const decided: unknown[] = [];
    // The functions transport queues durably (IndexedDB), so a deferral is reported only once the
    // request is saved. This test client has no queue (queue: false, Node has no IndexedDB): the
    // router still decides to defer, but with nowhere to keep the request the run fails, unsent.
    const error = await tandem.start(pipelines.translation, polished.output, { params: { translate: { source: 'eng', target: 'spa' } }, onDecision: (d) => decided.push(d) }).catch((e: unknown) => e);
    expect(decided[0]).toMatchObject({ stage: 'translate', choice: 'deferred', rule: 'defer:offline' });
    expect(isPlacementError(error)).toBe(true);
    expect(bodies).toEqual([]);
  });

  it('the listen pipeline keeps raw audio on the device: vad and transcribe run locally even under prefer-remote', async () => {
    const { pipelines, bodies } = setup();
    const listened = await hear(pipelines, pipelines.tandemFor('prefer-remote'));
    expect(listened.segment.label).toBe('raw');
    expect(listened.decisions.map((d) => `${d.stage}:${d.choice}`)).toEqual(['transcribe:local', 'redact-transcript:local']);
    expect(bodies).toEqual([]);
  });
});
