import { expect, test } from '@playwright/test';

/**
 * The worker host on its own, with small probe stages (e2e/pages/runtime/probe-stages.ts):
 * transfer, deadlines, abort, death and restart, instability, per-model queues, and the
 * capability probe in the page and in a worker. Errors are matched by `code`.
 */
test.beforeEach(async ({ page }) => {
  await page.goto('/runtime/');
  await expect(page.locator('#status')).toHaveText('ready');
});

test('a 10 MB Float32Array sent to a worker is transferred: the sender\'s buffer is detached', async ({ page }) => {
  const result = await page.evaluate(() => window.runtime.transfer(10));
  expect(result.sentBytes).toBe(10 * 1024 * 1024);
  expect(result.received).toMatchObject({ byteLength: 10 * 1024 * 1024, inWorker: true });
  expect(result.received.checksum).toBe(10 * 1024 * 1024 / 4 / 4096);
  expect(result.senderBytesAfter).toBe(0);
  expect(result.senderBufferBytesAfter).toBe(0);
});

test('a worker that dies mid-call rejects the call with WorkerCrashedError within 1 s; the next call succeeds', async ({ page }) => {
  const closeAfterMs = 300;
  const crashed = await page.evaluate((ms) => window.runtime.misbehave('crashy', { mode: 'close-after', ms }), closeAfterMs);
  expect(crashed).toMatchObject({ ok: false, code: 'WORKER_CRASHED' });
  test.info().annotations.push({ type: 'rejected-after-close-ms', description: String(crashed.elapsedMs - closeAfterMs) });
  // elapsed counts worker start-up too; the death itself is noticed well inside a second.
  expect(crashed.elapsedMs - closeAfterMs).toBeLessThan(1000);
  const next = await page.evaluate(() => window.runtime.misbehave('crashy', { mode: 'sleep', ms: 10 }));
  expect(next.ok).toBe(true);
  expect(await page.evaluate(() => window.runtime.health('crashy'))).toMatchObject({ crashes: 1, restarts: 1, unstable: false });
});

test('a worker killed while busy in synchronous code rejects its call within 1 s', async ({ page }) => {
  const { result, rejectedAfterKillMs } = await page.evaluate(() => window.runtime.killDuringSpin('spinner', 500));
  expect(result).toMatchObject({ ok: false, code: 'WORKER_CRASHED' });
  test.info().annotations.push({ type: 'rejected-after-kill-ms', description: String(rejectedAfterKillMs) });
  expect(rejectedAfterKillMs).toBeLessThan(1000);
  const next = await page.evaluate(() => window.runtime.misbehave('spinner', { mode: 'sleep', ms: 10 }));
  expect(next.ok).toBe(true);
});

test('repeated crashes mark the model unstable and say so in an event and in the report', async ({ page }) => {
  for (let i = 0; i < 3; i++) {
    const crashed = await page.evaluate(() => window.runtime.misbehave('fragile', { mode: 'close-after', ms: 50 }));
    expect(crashed).toMatchObject({ ok: false, code: 'WORKER_CRASHED' });
  }
  expect(await page.evaluate(() => window.runtime.health('fragile'))).toMatchObject({ crashes: 3, unstable: true });
  const events = await page.evaluate(() => window.runtime.crashEvents());
  expect(events.filter((e) => e.model === 'fragile' && e.type === 'crash')).toHaveLength(3);
  expect(events.filter((e) => e.model === 'fragile' && e.type === 'unstable')).toHaveLength(1);
  const next = await page.evaluate(() => window.runtime.misbehave('fragile', { mode: 'sleep', ms: 10 }));
  expect(next.ok && next.value.report).toMatchObject({ thread: 'worker', worker: { unstable: true, crashes: 3 } });
});

test('a call past its timeout rejects with StageTimeoutError on time, even while the worker is stuck', async ({ page }) => {
  const result = await page.evaluate(() => window.runtime.misbehave('slow', { mode: 'spin', ms: 3000 }, { timeoutMs: 400 }));
  expect(result).toMatchObject({ ok: false, code: 'STAGE_TIMEOUT' });
  test.info().annotations.push({ type: 'timeout-400-rejected-at-ms', description: String(result.elapsedMs) });
  expect(result.elapsedMs).toBeGreaterThanOrEqual(399);
  expect(result.elapsedMs).toBeLessThan(1400);
});

test('an aborted call rejects with StageAbortedError and the stage in the worker stops', async ({ page }) => {
  const result = await page.evaluate(() => window.runtime.misbehave('abortable', { mode: 'sleep', ms: 5000 }, { abortAfterMs: 200 }));
  expect(result).toMatchObject({ ok: false, code: 'STAGE_ABORTED' });
  test.info().annotations.push({ type: 'abort-200-rejected-at-ms', description: String(result.elapsedMs) });
  expect(result.elapsedMs).toBeLessThan(1200);
  // The worker was told: its queue is free at once, not after the 5 s sleep.
  const next = await page.evaluate(() => window.runtime.misbehave('abortable', { mode: 'sleep', ms: 10 }));
  expect(next.ok).toBe(true);
  expect(next.elapsedMs).toBeLessThan(1500);
});

test('independent models run concurrently; calls to one model queue', async ({ page }) => {
  // Warm both workers first so start-up is not measured.
  await page.evaluate(() => Promise.all([window.runtime.misbehave('left', { mode: 'sleep', ms: 1 }), window.runtime.misbehave('right', { mode: 'sleep', ms: 1 })]));
  const timing = await page.evaluate(async () => {
    let t = performance.now();
    await Promise.all([window.runtime.misbehave('left', { mode: 'spin', ms: 600 }), window.runtime.misbehave('right', { mode: 'spin', ms: 600 })]);
    const twoModels = performance.now() - t;
    t = performance.now();
    await Promise.all([window.runtime.misbehave('left', { mode: 'spin', ms: 600 }), window.runtime.misbehave('left', { mode: 'spin', ms: 600 })]);
    return { twoModels, oneModel: performance.now() - t };
  });
  test.info().annotations.push({ type: 'timing-ms', description: JSON.stringify(timing) });
  expect(timing.oneModel).toBeGreaterThanOrEqual(1200);
  // Two cores shared with other jobs: concurrent spins must still clearly beat the queued pair.
  expect(timing.twoModels).toBeLessThan(timing.oneModel * 0.85);
});

test('the capability probe answers the same in the page and in a worker', async ({ page }, testInfo) => {
  const [inPage, inWorker] = await page.evaluate(() => Promise.all([window.runtime.capabilities(), window.runtime.workerCapabilities()]));
  testInfo.annotations.push({ type: 'capabilities', description: JSON.stringify(inPage) });
  for (const caps of [inPage, inWorker]) {
    expect(caps.crossOriginIsolated).toBe(true);
    expect(caps.wasm).toEqual({ simd: true, threads: true });
    expect(caps.hardwareConcurrency).toBeGreaterThanOrEqual(1);
    expect(caps.online).toBe(true);
    expect(caps.webgpu.available).toBe(testInfo.project.metadata.webgpu === true);
  }
  if (testInfo.project.metadata.webgpu) {
    expect(inPage.webgpu.adapter?.isFallbackAdapter ?? inPage.webgpu.adapter?.description).toBeTruthy();
    expect(inPage.webgpu.shaderF16).toBe(false);
    expect(inPage.webgpu.maxBufferSize).toBeGreaterThan(0);
    expect(inWorker.webgpu.adapter).toEqual(inPage.webgpu.adapter);
  }
  // Battery exists only in the page; the worker leaves it out rather than guessing.
  expect(inWorker.batterySaver).toBeUndefined();
});
