import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildPhotoRedactApp, countedLines, serveStatic, startCaptionFunction, type CaptionFunction } from '../support/photo-redact-app.ts';
import { recordRequests, type RecordedRequest } from '../support/speech-translate-app.ts';

/**
 * The second app (examples/photo-redact), built from the packed tarballs outside the workspace:
 * a photo picked by the user stays on the device; the packed TF.js face detector finds the faces
 * and a local stage pixelates them, a custom ONNX stage ('auto') scores the blurred thumbnail,
 * and only what the sanitizer stage lets through (a ≤ 64×64 thumbnail and numbers) reaches the
 * app's own defineFunction route, under a residency rule from the app's versioned policy file.
 * Every request of the browser context is recorded: neither the file nor its pixels leave.
 */
const PHOTO = resolve(import.meta.dirname, '../public/models/face-samples/sample1.jpg');
const { W, b } = JSON.parse(readFileSync(resolve(import.meta.dirname, '../public/models/tiny-scorer/weights.json'), 'utf8')) as { W: number[][]; b: number[] };

interface PhotoRedactRun {
  ok: boolean;
  caption?: string;
  error?: { name: string; code?: string; rule?: string; message: string };
  stages?: { stage: string; placement: string; backend: string; bytesSentOffDevice: number; attempts?: number; loadMs?: number; runMs: number }[];
  bytesSentOffDevice?: number;
  facesAfterBlur?: number;
  rawSlices: string[];
}

let site: { url: string; close: () => Promise<void> };
let fn: CaptionFunction;
let appDir: string;
/**
 * One browser context for the file, as one user's browser: the second run finds the weights in
 * the model store and the measured backends remembered (on SwiftShader WebGPU the 'auto' trials
 * take most of a minute). Each test looks only at the requests made after it started.
 */
let context: BrowserContext;
let requests: RecordedRequest[];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  context = await browser.newContext();
  requests = recordRequests(context);
  const built = buildPhotoRedactApp();
  appDir = built.dir;
  test.info().annotations.push({ type: 'build-steps-ms', description: JSON.stringify(built.steps) });
  site = await serveStatic(join(appDir, 'dist'));
  fn = await startCaptionFunction(appDir, site.url);
});

test.afterAll(async () => {
  await context?.close();
  await fn?.stop();
  await site?.close();
});

async function redactPhoto(query: string): Promise<{ page: Page; result: PhotoRedactRun }> {
  const page = await context.newPage();
  await page.goto(`${site.url}/?fn=${encodeURIComponent(fn.url)}${query}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.locator('#photo').setInputFiles(PHOTO);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const result = await page.evaluate(() => (window as unknown as { photoRedact: PhotoRedactRun }).photoRedact);
  return { page, result };
}

/** Whether `haystack` holds `needle`'s bytes, or their base64 at any of the three alignments. */
function holds(haystack: Buffer, needle: Buffer): boolean {
  if (haystack.includes(needle)) return true;
  const text = haystack.toString('latin1');
  return [0, 1, 2].some((skip) => {
    const encoded = needle.subarray(skip).toString('base64');
    return text.includes(encoded.slice(4, encoded.length - 4));
  });
}

function softmaxScores(x: number[]): number[] {
  const logits = b.map((bias, j) => bias + x.reduce((sum, xi, i) => sum + xi * W[i]![j]!, 0));
  const exp = logits.map((l) => Math.exp(l - Math.max(...logits)));
  return exp.map((e) => e / exp.reduce((s, v) => s + v, 0));
}

test('a photo is blurred on the device; only a ≤ 64×64 blurred thumbnail and numbers reach the app’s own function', async () => {
  // The first run measures every backend for both 'auto' stages: ~80 s on SwiftShader WebGPU (TF.js shader compiles), ~20 s on wasm.
  test.setTimeout(240_000);
  const testInfo = test.info();
  const from = requests.length;
  const { page, result } = await redactPhoto('');
  const made = requests.slice(from);
  expect(result.error, JSON.stringify(result.error)).toBeUndefined();
  expect(result.ok).toBe(true);

  // The pipeline as the trace tells it: device stages on the device, the detector and scorer on a measured backend.
  const byStage = Object.fromEntries(result.stages!.map((s) => [s.stage, s]));
  expect(result.stages!.map((s) => s.stage)).toEqual(['find-faces', 'blur-faces', 'score-photo', 'thumbnail-only', 'caption']);
  expect(byStage['find-faces']).toMatchObject({ placement: 'local', backend: expect.stringMatching(/^tfjs-(webgpu|wasm|cpu)$/), bytesSentOffDevice: 0 });
  expect(byStage['score-photo']).toMatchObject({ placement: 'local', backend: expect.stringMatching(/^(wasm|webgpu)$/), bytesSentOffDevice: 0 });
  expect(byStage['caption']).toMatchObject({ placement: 'remote', attempts: 1 });

  // Exactly one request left for the function, with only the sanitized fields.
  const sent = made.filter((r) => r.url.startsWith(fn.url));
  expect(sent.filter((r) => r.method === 'POST').map((r) => new URL(r.url).pathname)).toEqual(['/v1/caption']);
  const post = sent.find((r) => r.method === 'POST')!;
  const body = JSON.parse(post.body!.toString('utf8')) as { faces: number; width: number; height: number; thumbnail: string; scores: number[]; label: string };
  expect(Object.keys(body).sort()).toEqual(['faces', 'height', 'label', 'scores', 'thumbnail', 'width']);
  expect(body.label).toBe('sanitized');
  expect(Math.max(body.width, body.height)).toBe(64);
  expect(Buffer.from(body.thumbnail, 'base64').length).toBe(body.width * body.height * 4);
  expect(body.faces).toBeGreaterThanOrEqual(1);
  expect(result.caption).toMatch(new RegExp(`^${body.faces} face\\(s\\) blurred; a (calm|lively|bright) photo, brightness \\d+/255`));
  expect(fn.logs.filter((l) => l.path === '/v1/caption').map((l) => l.status)).toContain(200);
  // Redacted for real: the same detector finds no face in the blurred photo.
  expect(result.facesAfterBlur).toBe(0);

  // The ONNX stage scored the blurred thumbnail's features: softmax([mean r, g, b / 255, faces] · W + b).
  const thumb = Buffer.from(body.thumbnail, 'base64');
  const mean = [0, 1, 2].map((c) => {
    let sum = 0;
    for (let i = c; i < thumb.length; i += 4) sum += thumb[i]!;
    return sum / (thumb.length / 4) / 255;
  });
  const expected = softmaxScores([...mean, body.faces]);
  expect(Math.max(...body.scores.map((s, i) => Math.abs(s - expected[i]!)))).toBeLessThan(1e-2);

  // Neither the photo file nor its decoded pixels are in any request the context made.
  const file = readFileSync(PHOTO);
  const needles = [file.subarray(0, 512), file.subarray(file.length >> 1, (file.length >> 1) + 512), ...result.rawSlices.map((s) => Buffer.from(s, 'base64'))];
  const bodies = made.filter((r) => r.body && r.body.length > 0);
  for (const r of bodies) for (const needle of needles) expect(holds(r.body!, needle), `${r.method} ${r.url}`).toBe(false);
  const bytesOut = bodies.reduce((n, r) => n + r.body!.length, 0);
  expect(bytesOut).toBeLessThan(24_000);
  expect(bytesOut).toBeLessThan(file.length / 5);
  testInfo.annotations.push({
    type: 'photo-redact',
    description: JSON.stringify({
      faces: body.faces, facesAfterBlur: result.facesAfterBlur, caption: result.caption, requests: made.length, bytesOut, photoBytes: file.length,
      stages: result.stages!.map((s) => `${s.stage}:${s.backend} load ${Math.round(s.loadMs ?? 0)} run ${Math.round(s.runMs)} ms`),
    }),
  });
  await page.screenshot({ path: testInfo.outputPath('photo-redact.png'), fullPage: true });
});

test('the policy file allows the caption only in the EU: a stage declared in another region is refused before anything is sent', async () => {
  const from = requests.length;
  const before = fn.logs.length;
  const { page, result } = await redactPhoto('&region=us');
  expect(result.ok).toBe(false);
  expect(result.error).toMatchObject({ name: 'PrivacyViolationError', code: 'PRIVACY_VIOLATION', rule: 'residency-region' });
  await expect(page.locator('#caption')).toContainText('Not sent');
  expect(requests.slice(from).filter((r) => r.url.startsWith(fn.url))).toEqual([]);
  expect(fn.logs.length).toBe(before);
});

test('lines the developer writes: the custom local stage, the remote stage with its function, the pipeline (goal ≤ 40)', () => {
  const counts = countedLines();
  const asked = counts['local stage']! + counts['remote contract']! + counts['remote stage']! + counts['function']! + counts['pipeline']!;
  test.info().annotations.push({ type: 'lines', description: JSON.stringify({ ...counts, asked }) });
  expect(Object.keys(counts).sort()).toEqual(['function', 'local stage', 'onnx stage', 'pipeline', 'remote contract', 'remote stage', 'sanitizer stage']);
  expect(asked).toBeLessThanOrEqual(40);
});
