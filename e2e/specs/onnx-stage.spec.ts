import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelManifest } from '@tandem/core';

/**
 * A developer's own ONNX model as a stage (`onnxStage`, e2e/pages/runtime/scorer-stage.ts): the tiny
 * scorer written by scripts/tiny-scorer-model.mjs (prepare-assets), softmax(features · W + b), loaded from the
 * page's model store, run in its own worker through a pipeline with backend 'auto'. The expected
 * scores are computed here from the generator's weights.
 */
const MODEL_DIR = resolve(import.meta.dirname, '../public/models/tiny-scorer');
const { W, b } = JSON.parse(readFileSync(resolve(MODEL_DIR, 'weights.json'), 'utf8')) as { W: number[][]; b: number[] };
const ROWS = [
  [1, 2, 3, 4],
  [0, 0, 0, 0],
  [-1.5, 0.25, 2, -3],
];

function expectedScores(rows: number[][]): number[][] {
  return rows.map((x) => {
    const logits = b.map((bias, j) => bias + x.reduce((sum, xi, i) => sum + xi * W[i]![j]!, 0));
    const max = Math.max(...logits);
    const exp = logits.map((l) => Math.exp(l - max));
    const total = exp.reduce((s, e) => s + e, 0);
    return exp.map((e) => e / total);
  });
}

function maxAbsDiff(a: number[][], e: number[][]): number {
  expect(a.map((r) => r.length)).toEqual(e.map((r) => r.length));
  return Math.max(...a.flatMap((row, r) => row.map((v, j) => Math.abs(v - e[r]![j]!))));
}

test.beforeEach(async ({ page }) => {
  await page.goto('/runtime/');
  await expect(page.locator('#status')).toHaveText('ready');
});

test("a custom ONNX stage on 'auto' runs on the measured backend, says so in the trace, remembers the choice across a reload, and scores right", async ({ page }, testInfo) => {
  const webgpu = (await page.evaluate(() => window.runtime.capabilities())).webgpu.available;
  const first = await page.evaluate((rows) => window.runtime.scorer.score(rows), ROWS);
  const diff = maxAbsDiff(first.scores, expectedScores(ROWS));
  const choice = first.load.backendChoice!;
  const medians = Object.fromEntries(choice.measurements.map((m) => [m.backend, m.error ?? m.medianMs]));
  testInfo.annotations.push({ type: 'scorer', description: JSON.stringify({ backend: first.trace.backend, diff, medians, reason: choice.reason }) });
  expect(diff).toBeLessThan(1e-5);

  expect(choice.fromCache).toBe(false);
  expect(choice.measurements.map((m) => m.backend).sort()).toEqual(webgpu ? ['wasm', 'webgpu'] : ['wasm']);
  // The trace names the backend that ran, which is the one the measurement chose.
  expect(first.trace).toMatchObject({ stage: 'scorer', placement: 'local', backend: choice.backend, modelId: 'tiny-scorer' });
  expect(first.load.backend).toBe(choice.backend);

  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  const second = await page.evaluate((rows) => window.runtime.scorer.score(rows), ROWS);
  expect(second.load.backendChoice).toMatchObject({ fromCache: true, backend: choice.backend, decidedAt: choice.decidedAt, key: choice.key });
  expect(second.trace.backend).toBe(choice.backend);
  expect(second.trace.cacheHit).toBe(true);
  expect(maxAbsDiff(second.scores, expectedScores(ROWS))).toBeLessThan(1e-5);
});

test('a preprocess whose tensors do not match the model is refused with a ValidationError naming each difference', async ({ page }) => {
  const result = await page.evaluate(() => window.runtime.scorer.tryRun('mismatchedScorer', [[1, 2, 3, 4, 5]]));
  expect(result).toMatchObject({ ok: false, name: 'ValidationError', code: 'VALIDATION' });
  const { message } = result as { message: string };
  expect(message).toContain("tensors from mismatchedScorer's preprocess");
  expect(message).toContain('"mask" is not an input of the model (inputs: features)');
  expect(message).toContain('input "features" expects float32 [batch, 4], preprocess gave int32 [1, 5]');
});

test('weights that do not match their manifest are refused with ModelIntegrityError before ORT sees them', async ({ page }) => {
  const manifest = JSON.parse(readFileSync(resolve(MODEL_DIR, 'manifest.json'), 'utf8')) as ModelManifest;
  const corrupt: ModelManifest = {
    ...manifest,
    version: 'corrupt-1',
    files: manifest.files.map((f) => ({ ...f, url: `/models/tiny-scorer/${f.url}`, sha256: `sha256-${Buffer.alloc(32, 7).toString('base64')}` })),
  };
  const result = await page.evaluate((m) => window.runtime.scorer.tryRun('scorer', [[1, 2, 3, 4]], { manifest: m, backend: 'wasm' }), corrupt);
  expect(result).toMatchObject({ ok: false, name: 'ModelIntegrityError', code: 'MODEL_INTEGRITY' });
});
