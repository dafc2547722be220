import { baselineCapabilities, isPlacementError, isValidationError, raw, type StageRunner } from '@tandem/core';
import { createTranslateClient } from '@tandem/functions-client';
import type { VadInput, VadOutput } from '@tandem/runtime-onnx';
import { describe, expect, it } from 'vitest';
import { createSpeechPipelines } from '../speech-pipeline.ts';

const SAID = 'please call john smith at four one five five five five one two three four';

/** Stand-ins for the two worker engines (the e2e spec runs the real ones in Chromium). */
const vad: StageRunner<VadInput, VadOutput> = {
  run: ({ audio }) =>
    Promise.resolve({
      output: { spans: [{ startSample: 0, endSample: audio.length, startMs: 0, endMs: audio.length / 16 }], probabilities: new Float32Array(1) },
      report: { backend: 'wasm', runMs: 1 },
    }),
};
const transcribe: StageRunner<Float32Array, string, string> = {
  run: (_audio, options) => {
    options?.onPartial?.('please call');
    return Promise.resolve({ output: SAID, report: { backend: 'wasm', runMs: 1 } });
  },
};

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
  const pipelines = createSpeechPipelines({ vad, transcribe, client, capabilities: () => Promise.resolve(baselineCapabilities({ online })) });
  return { pipelines, bodies, paths };
}

describe('the app pipelines', () => {
  it('transcribes and redacts on the device, sends only placeholders, restores locally', async () => {
    const { pipelines, bodies } = setup();
    const tandem = pipelines.tandemFor('prefer-remote');
    const partials: unknown[] = [];
    const listened = await tandem.run(pipelines.listen, raw(new Float32Array(16_000)), { onPartial: (_s, p) => partials.push(p) });
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
    const listened = await tandem.run(pipelines.listen, raw(new Float32Array(16_000)));
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
      const listened = await tandem.run(pipelines.listen, raw(new Float32Array(16_000)));
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
    const listened = await tandem.run(pipelines.listen, raw(new Float32Array(16_000)));
    const error = await tandem.run(pipelines.translation, listened.output, { params: { translate: { source: 'eng', target: 'spa' } } }).catch((e: unknown) => e);
    expect(isPlacementError(error)).toBe(true);
    expect(bodies).toEqual([]);
    const last = (await pipelines.audit.list()).at(-1)!;
    expect(last.decision).toMatchObject({ stage: 'translate', choice: 'none', mode: 'local-only' });
  });

  it('offline, the router defers translate (the queue waits for the connection) and punctuates on the device', async () => {
    const { pipelines, bodies } = setup(false);
    const tandem = pipelines.tandemFor('prefer-remote');
    const listened = await tandem.run(pipelines.listen, raw(new Float32Array(16_000)));
    const polished = await tandem.run(pipelines.polish, listened.output);
    expect(polished.decisions[0]).toMatchObject({ stage: 'punctuate', ranOn: 'local', rule: 'runtime:offline' });
    const outcome = await tandem.start(pipelines.translation, polished.output, { params: { translate: { source: 'eng', target: 'spa' } } });
    expect(outcome.status).toBe('deferred');
    if (outcome.status !== 'deferred') return;
    expect(outcome.decision).toMatchObject({ stage: 'translate', choice: 'deferred', rule: 'defer:offline' });
    // This test client has no queue (queue: false), so the deferred request fails instead of waiting.
    await expect(outcome.completion).rejects.toSatisfy(isPlacementError);
    expect(bodies).toEqual([]);
  });

  it('the detect-speech pipeline keeps raw audio on the device', async () => {
    const { pipelines } = setup();
    const result = await pipelines.tandemFor('prefer-remote').run(pipelines.detectSpeech, raw({ audio: new Float32Array(8_000) }));
    expect(result.output.label).toBe('raw');
    expect(result.decisions[0]).toMatchObject({ stage: 'vad', choice: 'local' });
  });
});
