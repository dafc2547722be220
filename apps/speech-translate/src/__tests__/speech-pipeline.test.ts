import { baselineCapabilities, isPlacementError, raw, type StageRunner } from '@tandem/core';
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
  const client = createTranslateClient({
    endpoint: 'http://fn.test',
    queue: false,
    retries: 0,
    online: () => online,
    fetch: (_url, init) => {
      const body = String(init?.body);
      bodies.push(body);
      const { text, target } = JSON.parse(body) as { text: string; target: string };
      return Promise.resolve(
        new Response(JSON.stringify({ translation: `[${target}] ${text.replace('call', 'llamada')}`, provider: 'test', model: 'echo', ms: 1 }), {
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  });
  const pipelines = createSpeechPipelines({ vad, transcribe, client, capabilities: () => Promise.resolve(baselineCapabilities({ online })) });
  return { pipelines, bodies };
}

describe('the app pipelines', () => {
  it('transcribes and redacts on the device, sends only placeholders, restores locally', async () => {
    const { pipelines, bodies } = setup();
    const tandem = pipelines.tandemFor('prefer-remote', 'cat');
    const partials: unknown[] = [];
    const listened = await tandem.run(pipelines.listen, raw(new Float32Array(16_000)), { onPartial: (_s, p) => partials.push(p) });
    expect(partials).toEqual(['please call']);
    expect(listened.trace.stages.map((s) => `${s.stage}@${s.placement}`)).toEqual(['transcribe@local', 'redact-transcript@local']);
    const sanitized = listened.output;
    expect(sanitized.value.text).toMatch(/^please call ⟦1⟧ at ⟦2⟧$/);

    const translated = await tandem.run(pipelines.translation, sanitized);
    expect(translated.trace.stages[0]).toMatchObject({ stage: 'translate', placement: 'remote' });
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

  it('local-only refuses the translate stage before anything is sent, and records why', async () => {
    const { pipelines, bodies } = setup();
    const tandem = pipelines.tandemFor('local-only', 'spa');
    const listened = await tandem.run(pipelines.listen, raw(new Float32Array(16_000)));
    const error = await tandem.run(pipelines.translation, listened.output).catch((e: unknown) => e);
    expect(isPlacementError(error)).toBe(true);
    expect(bodies).toEqual([]);
    const last = pipelines.audit.records().at(-1)!;
    expect(last).toMatchObject({ stage: 'translate', choice: 'none', mode: 'local-only' });
  });

  it('offline, the router excludes the function and says so', async () => {
    const { pipelines, bodies } = setup(false);
    const tandem = pipelines.tandemFor('prefer-local', 'spa');
    const listened = await tandem.run(pipelines.listen, raw(new Float32Array(16_000)));
    await expect(tandem.run(pipelines.translation, listened.output)).rejects.toSatisfy(isPlacementError);
    expect(pipelines.audit.records().at(-1)!.excluded.map((e) => e.rule)).toContain('runtime:offline');
    expect(bodies).toEqual([]);
  });

  it('the detect-speech pipeline keeps raw audio on the device', async () => {
    const { pipelines } = setup();
    const result = await pipelines.tandemFor('prefer-remote', 'spa').run(pipelines.detectSpeech, raw({ audio: new Float32Array(8_000) }));
    expect(result.output.label).toBe('raw');
    expect(result.decisions[0]).toMatchObject({ stage: 'vad', choice: 'local' });
  });
});
