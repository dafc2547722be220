import { expect, test, type Page } from '@playwright/test';
import { speechClip, type SpeechClip } from '../support/flite-clip.ts';

/**
 * Silero VAD through Tandem's runtime: the worker host (and the same stage in the page), the
 * onnxruntime-web engine on WASM and on WebGPU when offered, the measured backend choice, and a
 * worker killed mid-run. Truth is where flite's speech was placed in the clip (support/flite-clip.ts).
 */
const TOLERANCE_MS = 100;
/** Utterance cutting: a pause shorter than this inside a sentence does not end the span. */
const SEGMENTER = { threshold: 0.5, minSilenceMs: 300, speechPadMs: 30, minSpeechMs: 250 };

let clip: SpeechClip;

test.beforeAll(() => {
  clip = speechClip();
  expect(clip.truth).toHaveLength(2);
});

test.beforeEach(async ({ page }) => {
  await page.goto('/runtime/');
  await expect(page.locator('#status')).toHaveText('ready');
});

function expectSpansMatchTruth(spans: { startMs: number; endMs: number }[]) {
  test.info().annotations.push({
    type: 'spans',
    description: JSON.stringify({ found: spans.map((s) => [Math.round(s.startMs), Math.round(s.endMs)]), truth: clip.truth.map((t) => [Math.round(t.startMs), Math.round(t.endMs)]) }),
  });
  expect(spans).toHaveLength(clip.truth.length);
  spans.forEach((span, i) => {
    expect(Math.abs(span.startMs - clip.truth[i]!.startMs)).toBeLessThanOrEqual(TOLERANCE_MS);
    expect(Math.abs(span.endMs - clip.truth[i]!.endMs)).toBeLessThanOrEqual(TOLERANCE_MS);
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

test(`Silero VAD on WebGPU finds the speech spans within ${TOLERANCE_MS} ms when the browser offers it`, async ({ page }, testInfo) => {
  const offered = await hasWebGpu(page);
  expect(offered).toBe(testInfo.project.metadata.webgpu === true);
  test.skip(!offered, 'no WebGPU adapter in this project');
  const result = await page.evaluate((req) => window.runtime.vad(req), { audio: clip.audio, backend: 'webgpu' as const, where: 'worker' as const, segmenter: SEGMENTER });
  expect(result.report.backend).toBe('webgpu');
  expect(result.report.thread).toBe('worker');
  testInfo.annotations.push({ type: 'cpu-nodes', description: String(result.report.cpuNodes) });
  expectSpansMatchTruth(result.spans);
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
  test.setTimeout(180_000);
  const auto = await page.evaluate((req) => window.runtime.vad(req), {
    audio: clip.audio, backend: 'auto' as const, where: 'worker' as const, segmenter: SEGMENTER, remeasure: true, model: 'vad-auto',
  });
  const choice = auto.report.backendChoice!;
  expect(choice.fromCache).toBe(false);
  const measured = choice.measurements.map((m) => m.backend).sort();
  expect(measured).toEqual(testInfo.project.metadata.webgpu ? ['wasm', 'webgpu'] : ['wasm']);
  expect(auto.report.backend).toBe(choice.backend);
  testInfo.annotations.push({ type: 'backend-choice', description: JSON.stringify({ reason: choice.reason, measurements: choice.measurements }) });
  expectSpansMatchTruth(auto.spans);

  // Time the chosen backend against every fixed one on the same clip (medians of 5 warm calls).
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const time = async (backend: 'auto' | 'wasm' | 'webgpu', model: string) => {
    const runs: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await page.evaluate((req) => window.runtime.vad(req), { audio: clip.audio, backend, where: 'worker' as const, segmenter: SEGMENTER, model });
      if (i > 0) runs.push(r.report.runMs);
    }
    return median(runs);
  };
  const fixed: Record<string, number> = {};
  for (const m of choice.measurements) fixed[m.backend] = await time(m.backend as 'wasm' | 'webgpu', `vad-fixed-${m.backend}`);
  const chosen = await time('auto', 'vad-auto');
  const best = Math.min(...Object.values(fixed));
  testInfo.annotations.push({ type: 'timings-ms', description: JSON.stringify({ chosen: choice.backend, chosenMedian: chosen, fixed }) });
  expect(chosen).toBeLessThanOrEqual(best * 1.1);

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
  expect(result.rejectedAfterKillMs).toBeLessThan(1000);
  expect(result.next.ok).toBe(true);
  if (result.next.ok) expectSpansMatchTruth(result.next.value.spans);
  expect(result.health).toMatchObject({ crashes: 1, restarts: 1, unstable: false });
});
