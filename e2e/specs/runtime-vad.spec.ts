import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readWav, speechClip, type SpeechClip } from '../support/flite-clip.ts';
import { sriSha256 } from '../support/model-server.ts';

/**
 * Silero VAD through Tandem's runtime: the worker host (and the same stage in the page), the
 * onnxruntime-web engine on WASM and on WebGPU when offered, the measured backend choice, and a
 * worker killed mid-run. Truth is where flite's speech was placed in the clip (support/flite-clip.ts).
 */
const TOLERANCE_MS = 100;
/** Utterance cutting: a pause shorter than this inside a sentence does not end the span. */
const SEGMENTER = { threshold: 0.5, minSilenceMs: 300, speechPadMs: 30, minSpeechMs: 250 };

let clip: SpeechClip;
/** One sentence between short silences: SwiftShader's WebGPU takes ~0.2 s per frame under load. */
let shortClip: SpeechClip;

/**
 * TANDEM_BREAK_REFERENCE=1 moves the truth 150 ms later (e2e/README.md): the span checks then
 * fail, which proves they can.
 */
const breakTruth = (c: SpeechClip): SpeechClip =>
  process.env.TANDEM_BREAK_REFERENCE === '1' ? { ...c, truth: c.truth.map((t) => ({ startMs: t.startMs + 150, endMs: t.endMs + 150 })) } : c;

test.beforeAll(() => {
  clip = breakTruth(speechClip());
  expect(clip.truth).toHaveLength(2);
  shortClip = breakTruth(speechClip(['Please translate this sentence into Spanish for me.'], [800, 800]));
});

test.beforeEach(async ({ page }) => {
  await page.goto('/runtime/');
  await expect(page.locator('#status')).toHaveText('ready');
});

function expectSpansMatchTruth(spans: { startMs: number; endMs: number }[], truthClip: SpeechClip = clip) {
  const truth = truthClip.truth;
  test.info().annotations.push({
    type: 'spans',
    description: JSON.stringify({ found: spans.map((s) => [Math.round(s.startMs), Math.round(s.endMs)]), truth: truth.map((t) => [Math.round(t.startMs), Math.round(t.endMs)]) }),
  });
  expect(spans).toHaveLength(truth.length);
  spans.forEach((span, i) => {
    expect(Math.abs(span.startMs - truth[i]!.startMs)).toBeLessThanOrEqual(TOLERANCE_MS);
    expect(Math.abs(span.endMs - truth[i]!.endMs)).toBeLessThanOrEqual(TOLERANCE_MS);
  });
}

async function hasWebGpu(page: Page): Promise<boolean> {
  return (await page.evaluate(() => window.runtime.capabilities())).webgpu.available;
}

for (const where of ['worker', 'page'] as const) {
  test(`Silero VAD on WASM finds the speech spans within ${TOLERANCE_MS} ms (${where})`, async ({ page }) => {
    const result = await page.evaluate((req) => window.runtime.vad(req), { audio: clip.audio, backend: 'wasm' as const, where, segmenter: SEGMENTER });
    expect(result.report.backend).toBe('wasm');
    expect(result.report.thread).toBe(where);
    expect(result.report.frames).toBe(Math.ceil(clip.audio.length / 512));
    expectSpansMatchTruth(result.spans);
  });
}

test('Silero VAD on WebGPU runs on webgpu when offered, and its first frames agree with WASM', async ({ page }, testInfo) => {
  const offered = await hasWebGpu(page);
  expect(offered).toBe(testInfo.project.metadata.webgpu === true);
  test.skip(!offered, 'no WebGPU adapter in this project');
  test.setTimeout(240_000);
  const request = { audio: shortClip.audio, where: 'worker' as const, segmenter: SEGMENTER };
  const gpu = await page.evaluate((req) => window.runtime.vad(req), { ...request, backend: 'webgpu' as const });
  const cpu = await page.evaluate((req) => window.runtime.vad(req), { ...request, backend: 'wasm' as const });
  expect(gpu.report.backend).toBe('webgpu');
  expect(gpu.report.thread).toBe('worker');
  expect(gpu.probabilities).toHaveLength(cpu.probabilities.length);
  const diffs = gpu.probabilities.map((p, i) => Math.abs(p - cpu.probabilities[i]!));
  testInfo.annotations.push({
    type: 'webgpu-vs-wasm',
    description: JSON.stringify({ firstFrame: diffs[0], max: Math.max(...diffs), cpuNodes: gpu.report.cpuNodes, gpuSpans: gpu.spans.map((s) => [Math.round(s.startMs), Math.round(s.endMs)]) }),
  });
  // The leading silence runs before any drift can build up through the recurrent state.
  expect(Math.max(...diffs.slice(0, 10))).toBeLessThan(1e-2);
});

test(`Silero VAD on WebGPU finds the speech spans within ${TOLERANCE_MS} ms when offered`, async ({ page }) => {
  const caps = await page.evaluate(() => window.runtime.capabilities());
  test.skip(!caps.webgpu.available, 'no WebGPU adapter in this project');
  // Measured here: on SwiftShader (a fallback adapter) Silero's numbers drift through the
  // recurrent state (e2e/README.md) and the spans come out wrong — 3 spans for 2 utterances, one
  // starting ~450 ms late. Expected to fail there; on a real GPU it must pass, and if SwiftShader
  // ever agrees this test reports it.
  const adapter = caps.webgpu.adapter;
  const swiftShader = adapter?.isFallbackAdapter === true || /swiftshader/i.test(`${adapter?.architecture} ${adapter?.description}`);
  test.fail(swiftShader, 'SwiftShader WebGPU drifts (see e2e/README.md)');
  test.setTimeout(240_000);
  const result = await page.evaluate((req) => window.runtime.vad(req), { audio: shortClip.audio, backend: 'webgpu' as const, where: 'worker' as const, segmenter: SEGMENTER });
  expect(result.report.backend).toBe('webgpu');
  expectSpansMatchTruth(result.spans, shortClip);
});

test('Silero VAD takes its weights from a model store (worker) or from bytes in memory (page), checked against the manifest either way', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  const modelsDir = resolve(import.meta.dirname, '../public/models');
  const v5 = readFileSync(join(modelsDir, 'silero_vad_v5.onnx'));
  const v6 = readFileSync(join(modelsDir, 'silero_vad_v6.onnx'));
  const url = `${new URL(page.url()).origin}/models/silero_vad_v5.onnx`;
  const manifest = (sha256: string) => ({
    id: 'silero-vad',
    version: '5',
    runtime: 'onnxruntime-web',
    licence: 'MIT',
    files: [{ name: 'model.onnx', url, size: v5.length, sha256 }],
  });
  const storeName = `runtime-vad-${testInfo.project.name}`;
  const store = { kind: 'store' as const, manifest: manifest(sriSha256(v5)), storeName };
  const request = { audio: clip.audio, segmenter: SEGMENTER };

  // In a worker, from a real @tandem/model-store: downloaded and verified first, then a second
  // worker (another model key) opens the stored copy.
  const downloaded = await page.evaluate((r) => window.runtime.sourcedVad(r), { ...request, where: 'worker' as const, model: 'vad-store-1', weights: store });
  if (!downloaded.ok) throw new Error(`${downloaded.code}: ${downloaded.message}`);
  expect(downloaded.value.report).toMatchObject({ backend: 'wasm', thread: 'worker', modelId: 'silero-vad', modelVersion: '5', cacheHit: false });
  expectSpansMatchTruth(downloaded.value.spans);
  const stored = await page.evaluate((r) => window.runtime.sourcedVad(r), { ...request, where: 'worker' as const, model: 'vad-store-2', weights: store });
  expect(stored.ok && stored.value.report).toMatchObject({ backend: 'wasm', modelVersion: '5', cacheHit: true });
  expect(stored.ok && stored.value.spans).toEqual(downloaded.value.spans);

  // In the page, from bytes fetched beforehand (createMemoryModelSource): id and version from the
  // manifest, and nothing fetched by the source, so a cache hit.
  const bytes = { kind: 'bytes' as const, url: '/models/silero_vad_v5.onnx', manifest: manifest(sriSha256(v5)) };
  const fromBytes = await page.evaluate((r) => window.runtime.sourcedVad(r), { ...request, where: 'page' as const, model: 'vad-bytes', weights: bytes });
  if (!fromBytes.ok) throw new Error(`${fromBytes.code}: ${fromBytes.message}`);
  expect(fromBytes.value.report).toMatchObject({ backend: 'wasm', thread: 'page', modelId: 'silero-vad', modelVersion: '5', cacheHit: true });
  expectSpansMatchTruth(fromBytes.value.spans);
  // Bytes in memory are checked too: v6's bytes under v5's manifest are refused.
  const wrongBytes = await page.evaluate((r) => window.runtime.sourcedVad(r), {
    ...request, where: 'page' as const, model: 'vad-bytes-bad', weights: { ...bytes, url: '/models/silero_vad_v6.onnx' },
  });
  expect(wrongBytes).toMatchObject({ ok: false, code: 'MODEL_INTEGRITY' });

  // The weights really come through the loader: a manifest naming other bytes fails the store's
  // integrity check, and no session is made from the URL behind it.
  const tampered = await page.evaluate((r) => window.runtime.sourcedVad(r), {
    ...request, where: 'worker' as const, model: 'vad-store-bad', weights: { ...store, manifest: manifest(sriSha256(v6)), storeName: `${storeName}-bad` },
  });
  expect(tampered).toMatchObject({ ok: false, code: 'MODEL_INTEGRITY' });
  // No manifest in the config: refused with the reason.
  const none = await page.evaluate((r) => window.runtime.sourcedVad(r), { ...request, where: 'worker' as const, model: 'vad-none', weights: store, noSource: true });
  expect(none).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(!none.ok && none.message).toContain('manifest is required');
});

test('a backend that is not there fails with one BackendUnavailableError naming it', async ({ page }, testInfo) => {
  test.skip(testInfo.project.metadata.webgpu === true, 'WebGPU is present in this project');
  const result = await page.evaluate(async (req) => {
    try {
      await window.runtime.vad(req);
      return { ok: true as const };
    } catch (e) {
      return { ok: false as const, code: (e as { code?: string }).code, message: (e as Error).message };
    }
  }, { audio: clip.audio.slice(0, 16_000), backend: 'webgpu' as const, where: 'worker' as const, model: 'vad-missing-backend' });
  // Errors are matched by code: class names do not survive the production build's minifier.
  expect(result).toMatchObject({ ok: false, code: 'BACKEND_UNAVAILABLE' });
  expect(result.ok === false && result.message).toContain('webgpu');
});

test('the measured backend choice is within 10% of the best fixed backend and is remembered', async ({ page }, testInfo) => {
  test.setTimeout(420_000);
  const auto = await page.evaluate((req) => window.runtime.vad(req), {
    audio: shortClip.audio, backend: 'auto' as const, where: 'worker' as const, segmenter: SEGMENTER, remeasure: true, model: 'vad-auto',
  });
  const choice = auto.report.backendChoice!;
  expect(choice.fromCache).toBe(false);
  const measured = choice.measurements.map((m) => m.backend).sort();
  expect(measured).toEqual(testInfo.project.metadata.webgpu ? ['wasm', 'webgpu'] : ['wasm']);
  expect(auto.report.backend).toBe(choice.backend);
  testInfo.annotations.push({ type: 'backend-choice', description: JSON.stringify({ reason: choice.reason, measurements: choice.measurements }) });
  expectSpansMatchTruth(auto.spans, shortClip);

  // Time the chosen backend against every fixed one on the same 1 s of the clip (medians of 6 warm calls).
  const audio = shortClip.audio.slice(0, 16_000);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // Rounds that visit every runner in turn, so load from other jobs on the 2 shared cores hits
  // all of them alike (measured back to back, the same wasm backend once differed 1.75x).
  const runners = [...choice.measurements.map((m) => ({ key: m.backend, backend: m.backend as 'wasm' | 'webgpu', model: `vad-fixed-${m.backend}` })), { key: 'auto', backend: 'auto' as const, model: 'vad-auto' }];
  const times: Record<string, number[]> = {};
  for (let round = 0; round < 7; round++) {
    for (const r of runners) {
      const result = await page.evaluate((req) => window.runtime.vad(req), { audio, backend: r.backend, where: 'worker' as const, segmenter: SEGMENTER, model: r.model });
      if (round > 0) (times[r.key] ??= []).push(result.report.runMs);
    }
  }
  const fixed = Object.fromEntries(choice.measurements.map((m) => [m.backend, median(times[m.backend]!)]));
  const chosen = median(times.auto!);
  const best = Math.min(...Object.values(fixed));
  testInfo.annotations.push({ type: 'timings-ms', description: JSON.stringify({ chosen: choice.backend, chosenMedian: chosen, fixed }) });
  // The choice is judged by the fixed-backend timings of the backend it picked: the 'auto' runner
  // runs that very backend, so timing it again only adds noise (under load two series of the same
  // wasm backend differed by more than 10%, which failed this check for no fault of the choice).
  expect(fixed[choice.backend]!).toBeLessThanOrEqual(best * 1.1);
  expect(chosen).toBeGreaterThan(0);

  // A new worker for the same model version on the same device reuses the stored choice.
  const again = await page.evaluate((req) => window.runtime.vad(req), {
    audio: clip.audio.slice(0, 16_000), backend: 'auto' as const, where: 'worker' as const, model: 'vad-auto-second',
  });
  expect(again.report.backendChoice).toMatchObject({ fromCache: true, backend: choice.backend, key: choice.key });
});

test('a VAD worker killed mid-run rejects with WorkerCrashedError in under 1 s, and the next call succeeds', async ({ page }) => {
  const result = await page.evaluate(
    (req) => window.runtime.vadKilledMidRun(req),
    { audio: clip.audio, backend: 'wasm' as const, where: 'worker' as const, segmenter: SEGMENTER, model: 'vad-crash', afterMs: 300 },
  );
  expect(result.killed).toMatchObject({ ok: false, code: 'WORKER_CRASHED' });
  test.info().annotations.push({ type: 'rejected-after-kill-ms', description: String(result.rejectedAfterKillMs) });
  expect(result.rejectedAfterKillMs).toBeLessThan(1000);
  expect(result.next.ok).toBe(true);
  if (result.next.ok) expectSpansMatchTruth(result.next.value.spans);
  expect(result.health).toMatchObject({ crashes: 1, restarts: 1, unstable: false });
});

test('a 30 s clip with six sentences and pauses is cut into six utterances, each over its sentence', async ({ page }) => {
  // The speech fixtures (scripts/make-speech-fixtures.mjs) place six flite sentences between 1.5–3 s pauses.
  const dir = resolve(import.meta.dirname, '../public/fixtures/speech');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
    pauses: { wav: string; utterances: { text: string; start: number; end: number }[] };
  };
  const audio = Array.from(readWav(readFileSync(join(dir, index.pauses.wav))));
  const truth = breakTruth({ audio: [], truth: index.pauses.utterances.map((u) => ({ startMs: u.start * 1000, endMs: u.end * 1000 })) }).truth;
  expect(truth).toHaveLength(6);
  const result = await page.evaluate((req) => window.runtime.vad(req), { audio, backend: 'wasm' as const, where: 'worker' as const, segmenter: SEGMENTER });
  test.info().annotations.push({ type: 'utterances', description: JSON.stringify(result.spans.map((s) => [Math.round(s.startMs), Math.round(s.endMs)])) });
  expect(result.spans).toHaveLength(truth.length);
  result.spans.forEach((span, i) => {
    // Each cut utterance covers most of its own sentence and nothing of the neighbours.
    const t = truth[i]!;
    const overlap = Math.min(span.endMs, t.endMs) - Math.max(span.startMs, t.startMs);
    expect(overlap / (t.endMs - t.startMs), `utterance ${i}`).toBeGreaterThan(0.8);
    if (i > 0) expect(span.startMs).toBeGreaterThan(truth[i - 1]!.endMs);
    if (i < truth.length - 1) expect(span.endMs).toBeLessThan(truth[i + 1]!.startMs);
  });
});
