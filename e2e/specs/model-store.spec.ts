import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, expect, test, type BrowserContext, type CDPSession, type Page, type TestInfo } from '@playwright/test';
import type { ModelManifest } from '@tandem/model-store';
import { deterministicBytes, sriSha256, startModelServer, type ModelServer } from '../support/model-server.ts';

/**
 * @tandem/model-store in headless Chromium, against a fault-injecting model server this spec
 * starts on 127.0.0.1:0. Every test runs in a persistent (on-disk) profile, so IndexedDB
 * survives reloads and relaunches and `storage.estimate()` reports real usage.
 */

const MIB = 1024 * 1024;
const MODELS_DIR = resolve(import.meta.dirname, '../public/models');

let server: ModelServer;
const silero: Record<'v5' | 'v6' | 'legacy', Buffer> = {} as never;

test.beforeAll(async () => {
  server = await startModelServer();
  for (const name of ['v5', 'v6', 'legacy'] as const) {
    silero[name] = await readFile(join(MODELS_DIR, `silero_vad_${name}.onnx`));
    server.put(`/silero/${name}.onnx`, silero[name]);
  }
});

test.afterAll(async () => {
  await server?.close();
});

function manifest(id: string, version: string, files: { name: string; path: string; bytes: Buffer }[]): ModelManifest {
  return {
    id,
    version,
    runtime: 'onnxruntime-web',
    licence: 'MIT',
    files: files.map((f) => ({ name: f.name, url: `${server.origin}${f.path}`, size: f.bytes.length, sha256: sriSha256(f.bytes) })),
  };
}

/** Publishes deterministic bytes and returns a one-file manifest for them. */
function generatedModel(id: string, size: number, seed: number, version = '1'): { manifest: ModelManifest; path: string; bytes: Buffer } {
  const bytes = deterministicBytes(size, seed);
  const path = `/generated/${id}-${version}.bin`;
  server.put(path, bytes);
  return { manifest: manifest(id, version, [{ name: 'weights.bin', path, bytes }]), path, bytes };
}

interface Session {
  context: BrowserContext;
  page: Page;
  dir: string;
  relaunch(): Promise<Session>;
  close(): Promise<void>;
}

/**
 * Chromium reports a static quota to pages (`estimate()` says usage + 10 GiB, an
 * anti-fingerprinting measure) that ignores `Storage.overrideQuotaForOrigin`, while IndexedDB
 * still enforces the overridden quota on writes. Tests of the estimate-based pre-check turn the
 * static quota off so estimate() shows the real (overridden) number, as on a nearly full disk;
 * the write-time test keeps Chromium's default.
 */
const REAL_ESTIMATE = ['--disable-features=StaticStorageQuota'];

async function launch(testInfo: TestInfo, extraArgs: string[] = [], existingDir?: string): Promise<Session> {
  const dir = existingDir ?? (await mkdtemp(join(tmpdir(), 'tandem-model-store-')));
  const { launchOptions, baseURL } = testInfo.project.use;
  const args = [...(launchOptions?.args ?? []), ...extraArgs];
  const context = await chromium.launchPersistentContext(dir, { ...launchOptions, args, headless: true, baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await openPage(page);
  } catch (error) {
    await context.close();
    if (!existingDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const session: Session = {
    context,
    page,
    dir,
    relaunch: async () => {
      await context.close();
      return launch(testInfo, extraArgs, dir);
    },
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return session;
}

async function openPage(page: Page): Promise<void> {
  await page.goto('/model-store/');
  await expect(page.locator('#status')).toHaveText('ready');
}

/** Requests the page itself made to the model server (Playwright's view of the network). */
function watchModelRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(server.origin)) seen.push(r.url());
  });
  return seen;
}

let session: Session | undefined;
test.afterEach(async () => {
  cdpSessions.clear();
  await session?.close();
  session = undefined;
});

test('cold download streams with monotonic progress and stores the model; a reload and a relaunch fetch 0 model bytes', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const m = manifest('silero-vad', '5', [{ name: 'model.onnx', path: '/silero/v5.onnx', bytes: silero.v5 }]);
  server.resetLog();

  const cold = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(cold.ok).toBe(true);
  if (!cold.ok) return;
  expect(cold.files['model.onnx']).toEqual({ bytes: silero.v5.length, sha256: sriSha256(silero.v5) });
  expect(cold.networkBytes).toBe(silero.v5.length);
  expect(server.bytesSent('/silero/v5.onnx')).toBe(silero.v5.length);
  // Progress: several events, never going back, ending at the total, per file and per model.
  const done = cold.progress.map((p) => p.bytesDone);
  expect(done.some((d) => d > 0 && d < silero.v5.length)).toBe(true);
  done.slice(1).forEach((d, i) => expect(d).toBeGreaterThanOrEqual(done[i]!));
  expect(cold.progress.at(-1)).toMatchObject({ bytesDone: silero.v5.length, bytesTotal: silero.v5.length, fileBytesDone: silero.v5.length, fileBytesTotal: silero.v5.length, source: 'network' });

  const listed = await session.page.evaluate(() => window.modelStore.list());
  expect(listed).toEqual([
    expect.objectContaining({ id: 'silero-vad', version: '5', sizeBytes: silero.v5.length, storedBytes: silero.v5.length, complete: true, inUse: false }),
  ]);
  expect(listed[0]!.lastUsed).toBeGreaterThan(Date.now() - 60_000);
  expect(await session.page.evaluate(() => window.modelStore.isCached('silero-vad', '5'))).toBe(true);
  expect(await session.page.evaluate(() => window.modelStore.isCached('silero-vad', '6'))).toBe(false);

  // Reload (same profile): served from IndexedDB, nothing asked of the server.
  server.resetLog();
  await session.page.reload();
  await expect(session.page.locator('#status')).toHaveText('ready');
  const seen = watchModelRequests(session.page);
  const warm = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(warm.ok && warm.files['model.onnx']).toEqual({ bytes: silero.v5.length, sha256: sriSha256(silero.v5) });
  expect(warm.ok && warm.networkBytes).toBe(0);
  expect(warm.progress.at(-1)).toMatchObject({ source: 'cache', bytesDone: silero.v5.length });
  expect(seen).toEqual([]);
  expect(server.log).toEqual([]);

  // Relaunch the browser on the same profile directory: still 0 bytes.
  session = await session.relaunch();
  const seenAfterRelaunch = watchModelRequests(session.page);
  const relaunched = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(relaunched.ok && relaunched.networkBytes).toBe(0);
  expect(seenAfterRelaunch).toEqual([]);
  expect(server.log).toEqual([]);
});

test('concurrent loads from the page, a second tab and a worker share one download; the worker can load too', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const m = manifest('silero-vad-pair', '6', [
    { name: 'v6.onnx', path: '/silero/v6.onnx', bytes: silero.v6 },
    { name: 'legacy.onnx', path: '/silero/legacy.onnx', bytes: silero.legacy },
  ]);
  const second = await session.context.newPage();
  await openPage(second);
  server.resetLog();

  const [a, b, tab, inWorker] = await Promise.all([
    session.page.evaluate((m) => window.modelStore.load(m), m),
    session.page.evaluate((m) => window.modelStore.load(m), m),
    second.evaluate((m) => window.modelStore.load(m), m),
    session.page.evaluate((m) => window.modelStore.loadInWorker(m), m),
  ]);
  const expected = {
    'v6.onnx': { bytes: silero.v6.length, sha256: sriSha256(silero.v6) },
    'legacy.onnx': { bytes: silero.legacy.length, sha256: sriSha256(silero.legacy) },
  };
  for (const report of [a, b, tab, inWorker.report]) expect(report.ok && report.files).toEqual(expected);
  // One GET per file in total, across page, tab and worker (in-page promise map + Web Locks).
  expect(server.requests('/silero/v6.onnx')).toHaveLength(1);
  expect(server.requests('/silero/legacy.onnx')).toHaveLength(1);
  expect(server.bytesSent()).toBe(silero.v6.length + silero.legacy.length);

  // persist() exists only in the page; headless Chromium may say no. Neither is an error.
  expect(inWorker.persistence).toEqual({ persisted: false, supported: false });
  const inPage = await session.page.evaluate(() => window.modelStore.requestPersistence());
  expect(inPage.supported).toBe(true);
  expect(typeof inPage.persisted).toBe('boolean');
});

test('a download cut halfway resumes after a reload with a Range request for only the rest', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const size = 20 * MIB + 12_345;
  const { manifest: m, path, bytes } = generatedModel('resumable', size, 7);
  const cutAt = 10 * MIB + 512 * 1024;
  server.injectFaults(path, { cutAfterBytes: cutAt });
  server.resetLog();

  const first = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(first.ok).toBe(false);
  expect(!first.ok && first.error).toMatchObject({ code: 'MODEL_DOWNLOAD' });
  expect(server.bytesSent(path)).toBe(cutAt);
  // Whole 4 MiB chunks made it to IndexedDB before the cut (how many depends on how much of the
  // sent data Chromium delivered before reporting the error: at most two).
  const partial = await session.page.evaluate(() => window.modelStore.list());
  expect(partial).toEqual([expect.objectContaining({ id: 'resumable', complete: false })]);
  const stored = partial[0]!.storedBytes;
  expect([4 * MIB, 8 * MIB]).toContain(stored);
  testInfo.annotations.push({ type: 'resume-offset', description: String(stored) });

  await session.page.reload();
  await expect(session.page.locator('#status')).toHaveText('ready');
  server.resetLog();
  const second = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(second.ok && second.files['weights.bin']).toEqual({ bytes: size, sha256: sriSha256(bytes) });
  const [resumed, ...others] = server.requests(path);
  expect(others).toEqual([]);
  expect(resumed).toMatchObject({ range: `bytes=${stored}-`, status: 206, bytesSent: size - stored, completed: true });
  expect(second.ok && second.networkBytes).toBe(size - stored);
  // Progress starts where the stored chunks end and stays monotonic.
  const firstNetwork = second.progress.find((p) => p.source === 'network')!;
  expect(second.progress.filter((p) => p.source === 'cache').at(-1)).toMatchObject({ bytesDone: stored });
  expect(firstNetwork.bytesDone).toBeGreaterThan(stored);
  const done = second.progress.map((p) => p.bytesDone);
  done.slice(1).forEach((d, i) => expect(d).toBeGreaterThanOrEqual(done[i]!));
  const events = await session.page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'download-start').at(-1)).toMatchObject({ offset: stored, resumed: true, status: 206 });
});

test('a download interrupted by a page reload resumes from the last stored chunk', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const { page } = session;
  const size = 14 * MIB + 777;
  const { manifest: m, path, bytes } = generatedModel('reloaded', size, 9);
  let release!: () => void;
  server.injectFaults(path, { pauseAfterBytes: 9 * MIB, release: new Promise<void>((r) => (release = r)) });
  server.resetLog();

  // The load never finishes in this page: it is reloaded while the server holds the body at 9 MiB.
  const interrupted = page.evaluate((m) => window.modelStore.load(m), m).catch((error: unknown) => String(error));
  await expect.poll(() => page.evaluate(() => window.modelStore.list().then((l) => l[0]?.storedBytes ?? 0))).toBe(8 * MIB);
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  expect(await interrupted).toMatch(/destroyed|navigat|closed/i);
  release();

  const resumed = await page.evaluate((m) => window.modelStore.load(m), m);
  expect(resumed.ok && resumed.files['weights.bin']).toEqual({ bytes: size, sha256: sriSha256(bytes) });
  const [first, second, ...others] = server.requests(path);
  expect(others).toEqual([]);
  expect(first).toMatchObject({ range: undefined, completed: false });
  expect(second).toMatchObject({ range: `bytes=${8 * MIB}-`, status: 206, bytesSent: size - 8 * MIB, completed: true });
  expect(resumed.ok && resumed.networkBytes).toBe(size - 8 * MIB);
});

test('a server that ignores Range gets a full download from byte 0 instead of a corrupt splice', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const size = 9 * MIB;
  const { manifest: m, path, bytes } = generatedModel('no-range', size, 8);
  server.injectFaults(path, { cutAfterBytes: 7 * MIB }, { ignoreRange: true });
  server.resetLog();
  expect((await session.page.evaluate((m) => window.modelStore.load(m), m)).ok).toBe(false);
  expect((await session.page.evaluate(() => window.modelStore.list()))[0]?.storedBytes).toBe(4 * MIB);
  const second = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(second.ok && second.files['weights.bin']).toEqual({ bytes: size, sha256: sriSha256(bytes) });
  expect(server.requests(path).map((r) => [r.range, r.status, r.bytesSent])).toEqual([
    [undefined, 200, 7 * MIB],
    [`bytes=${4 * MIB}-`, 200, size],
  ]);
  const events = await session.page.evaluate(() => window.modelStore.takeEvents());
  expect(events.some((e) => e.type === 'download-restart')).toBe(true);
});

test('corrupt bytes: ModelIntegrityError with expected/actual, nothing served or kept, the good copy on retry', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const m = manifest('silero-vad', '5', [{ name: 'model.onnx', path: '/silero/v5.onnx', bytes: silero.v5 }]);
  const corrupted = Buffer.from(silero.v5);
  corrupted[corrupted.length >> 1]! ^= 0xff;

  // Corrupt twice: the one retry also fails, so the load fails and nothing stays behind.
  server.injectFaults('/silero/v5.onnx', { corrupt: true }, { corrupt: true });
  server.resetLog();
  const failed = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(failed.ok).toBe(false);
  // Matched by code: the production build minifies class names (see the report on core's `name`).
  expect(!failed.ok && failed.error).toMatchObject({
    code: 'MODEL_INTEGRITY',
    details: { modelId: 'silero-vad', version: '5', file: 'model.onnx', expected: sriSha256(silero.v5), actual: sriSha256(corrupted) },
  });
  expect(server.requests('/silero/v5.onnx')).toHaveLength(2);
  expect(await session.page.evaluate(() => window.modelStore.isCached('silero-vad', '5'))).toBe(false);
  expect(await session.page.evaluate(() => window.modelStore.rawEntries('silero-vad', '5'))).toBe(0);
  let events = await session.page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'integrity-error').map((e) => e.type === 'integrity-error' && e.willRetry)).toEqual([true, false]);

  // Corrupt once: reported, then the retry from the network serves the good copy.
  server.injectFaults('/silero/v5.onnx', { corrupt: true });
  server.resetLog();
  const retried = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(retried.ok && retried.files['model.onnx']).toEqual({ bytes: silero.v5.length, sha256: sriSha256(silero.v5) });
  expect(server.requests('/silero/v5.onnx')).toHaveLength(2);
  events = await session.page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'integrity-error')).toEqual([
    expect.objectContaining({ willRetry: true, source: 'network', error: expect.objectContaining({ code: 'MODEL_INTEGRITY' }) }),
  ]);

  // Corruption at rest (a stored chunk altered behind the store's back) is caught on the warm load.
  await session.page.evaluate(() => window.modelStore.corruptStoredChunk('silero-vad', '5', 'model.onnx', 0));
  server.resetLog();
  const healed = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(healed.ok && healed.files['model.onnx']?.sha256).toBe(sriSha256(silero.v5));
  expect(server.requests('/silero/v5.onnx')).toHaveLength(1);
  events = await session.page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'integrity-error')).toEqual([expect.objectContaining({ source: 'cache', willRetry: true })]);
});

test('revalidation: offline serves the stored version at once; ETag 304 when unchanged; pin vs auto-update', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const { page, context } = session;
  const publish = (version: '5' | '6') =>
    server.put(
      '/silero/manifest.json',
      JSON.stringify(manifest('silero-vad', version, [{ name: 'model.onnx', path: `/silero/${version === '5' ? 'v5' : 'v6'}.onnx`, bytes: version === '5' ? silero.v5 : silero.v6 }])),
      'application/json',
    );
  const url = `${server.origin}/silero/manifest.json`;
  publish('5');
  server.resetLog();
  const first = await page.evaluate((url) => window.modelStore.open(url, 'pin'), url);
  expect(first).toMatchObject({ version: '5', networkBytes: silero.v5.length, revalidation: { status: 'current' } });

  // Offline: served at once from IndexedDB, no request at all.
  await context.setOffline(true);
  server.resetLog();
  const offline = await page.evaluate((url) => window.modelStore.open(url, 'pin'), url);
  expect(offline).toEqual({ version: '5', networkBytes: 0, revalidation: { status: 'offline', version: '5' } });
  expect(server.log).toEqual([]);
  await context.setOffline(false);

  // Online and unchanged: one conditional manifest request answered 304, no model bytes.
  server.resetLog();
  const unchanged = await page.evaluate((url) => window.modelStore.open(url, 'pin'), url);
  expect(unchanged).toMatchObject({ version: '5', networkBytes: 0, revalidation: { status: 'current' } });
  expect(server.requests().map((r) => [r.path, r.status, r.ifNoneMatch !== undefined])).toEqual([['/silero/manifest.json', 304, true]]);

  // A new version is published. `pin` keeps serving 5 and says 6 exists.
  publish('6');
  server.resetLog();
  const pinned = await page.evaluate((url) => window.modelStore.open(url, 'pin'), url);
  expect(pinned).toMatchObject({ version: '5', networkBytes: 0, revalidation: { status: 'update-available', latestVersion: '6' } });
  expect(server.bytesSent('/silero/v6.onnx')).toBe(0);

  // `auto-update` serves 5 now, fetches 6 in the background, and the next open serves 6.
  const auto = await page.evaluate((url) => window.modelStore.open(url, 'auto-update'), url);
  expect(auto).toMatchObject({ version: '5', networkBytes: 0, revalidation: { status: 'updated', version: '6', previousVersion: '5' } });
  expect(server.bytesSent('/silero/v6.onnx')).toBe(silero.v6.length);
  const next = await page.evaluate((url) => window.modelStore.open(url, 'pin'), url);
  expect(next).toMatchObject({ version: '6', networkBytes: 0 });
  // Versions never share entries: both are listed separately, each whole.
  const listed = await page.evaluate(() => window.modelStore.list());
  expect(listed.map((l) => [l.version, l.storedBytes]).sort()).toEqual([
    ['5', silero.v5.length],
    ['6', silero.v6.length],
  ]);
});

/** CDP sessions kept open for the test: Chromium drops a quota override when its session detaches. */
const cdpSessions = new Map<Page, CDPSession>();

/** Sets the origin's quota to `headroom` bytes above current usage, through the DevTools protocol. */
async function shrinkQuota(page: Page, headroom: number): Promise<{ usage: number; quota: number }> {
  let cdp = cdpSessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    cdpSessions.set(page, cdp);
  }
  const origin = new URL(page.url()).origin;
  const before = await page.evaluate(() => window.modelStore.estimate());
  const quota = before!.usageBytes + headroom;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: quota });
  const after = await page.evaluate(() => window.modelStore.estimate());
  expect(after!.quotaBytes).toBe(quota);
  return { usage: after!.usageBytes, quota };
}

test('quota: a download the estimate says will not fit evicts the least recently used unused model, never one in use', async () => {
  const testInfo = test.info();
  session = await launch(testInfo, REAL_ESTIMATE);
  const { page } = session;
  const size = 6 * MIB;
  const a = generatedModel('model-a', size, 11).manifest;
  const b = generatedModel('model-b', size, 12).manifest;
  const c = generatedModel('model-c', size, 13).manifest;
  const d = generatedModel('model-d', size, 14).manifest;
  for (const m of [a, b, a]) expect((await page.evaluate((m) => window.modelStore.load(m), m)).ok).toBe(true);
  // a was used last, so b is the least recently used.
  await shrinkQuota(page, 4 * MIB);
  const loadedC = await page.evaluate((m) => window.modelStore.load(m), c);
  expect(loadedC.ok).toBe(true);
  let events = await page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'evicted').map((e) => e.type === 'evicted' && e.modelId)).toEqual(['model-b']);
  expect((await page.evaluate(() => window.modelStore.list())).map((l) => l.id).sort()).toEqual(['model-a', 'model-c']);

  // Now a is the least recently used, but it is in use: c goes instead.
  expect((await page.evaluate((m) => window.modelStore.load(m, { hold: true }), a)).ok).toBe(true);
  await page.evaluate((c) => window.modelStore.load(c), c); // c used after a: a is LRU by time
  await shrinkQuota(page, 4 * MIB);
  expect((await page.evaluate((m) => window.modelStore.load(m), d)).ok).toBe(true);
  events = await page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'evicted').map((e) => e.type === 'evicted' && e.modelId)).toEqual(['model-c']);
  const listed = await page.evaluate(() => window.modelStore.list());
  expect(listed.map((l) => [l.id, l.inUse]).sort()).toEqual([
    ['model-a', true],
    ['model-d', false],
  ]);
});

test('quota: when eviction cannot make room, QuotaError with the numbers and no partial entries', async () => {
  const testInfo = test.info();
  session = await launch(testInfo, REAL_ESTIMATE);
  const { page } = session;
  const kept = generatedModel('kept', 6 * MIB, 21).manifest;
  const big = generatedModel('too-big', 12 * MIB, 22);
  expect((await page.evaluate((m) => window.modelStore.load(m, { hold: true }), kept)).ok).toBe(true);
  const { usage, quota } = await shrinkQuota(page, 4 * MIB);
  server.resetLog();

  const refused = await page.evaluate((m) => window.modelStore.load(m), big.manifest);
  expect(refused.ok).toBe(false);
  if (refused.ok) return;
  expect(refused.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { modelId: 'too-big', usageBytes: usage, quotaBytes: quota } });
  const details = refused.error.details as { requiredBytes: number; availableBytes: number };
  expect(details.requiredBytes).toBeGreaterThanOrEqual(12 * MIB);
  expect(details.availableBytes).toBe(quota - usage);
  expect(refused.error.message).toMatch(/needs \d+ bytes but only \d+ bytes/);
  // Refused before a byte was fetched; nothing of it stored; the model in use untouched.
  expect(server.bytesSent(big.path)).toBe(0);
  expect(await page.evaluate(() => window.modelStore.rawEntries('too-big', '1'))).toBe(0);
  expect(await page.evaluate(() => window.modelStore.isCached('kept', '1'))).toBe(true);
});

test('quota: a QuotaExceededError from IndexedDB mid-download evicts the LRU unused model and retries; with nothing evictable, QuotaError and no partial entries', async () => {
  const testInfo = test.info();
  // Chromium's default here: estimate() always reports room, so only the write can say no.
  session = await launch(testInfo);
  const { page } = session;
  const cdp = await page.context().newCDPSession(page);
  // Set before the origin's first IndexedDB use: Chromium caches the space it allots to a bucket,
  // so a quota shrunk later is only enforced once that cache runs out.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 14 * MIB });
  const [a, b, c, d] = [51, 52, 53, 54].map((seed, i) => generatedModel(`write-${'abcd'[i]}`, 6 * MIB, seed));
  for (const m of [a!, b!]) expect((await page.evaluate((m) => window.modelStore.load(m), m.manifest)).ok).toBe(true);
  expect((await page.evaluate(() => window.modelStore.estimate()))!.availableBytes).toBeGreaterThan(1024 * MIB);
  await page.evaluate(() => window.modelStore.takeEvents());

  // c's first chunk would pass 14 MiB: IndexedDB refuses it, a (least recently used) is evicted, the write retried.
  const loadedC = await page.evaluate((m) => window.modelStore.load(m, { hold: true }), c!.manifest);
  // On failure, the store's error itself is what the assertion shows.
  expect(loadedC.ok ? loadedC.files['weights.bin']?.sha256 : JSON.stringify(loadedC.error)).toBe(sriSha256(c!.bytes));
  let events = await page.evaluate(() => window.modelStore.takeEvents());
  expect(events.map((e) => e.type).filter((t) => t === 'quota-exceeded-on-write' || t === 'evicted')).toEqual(['quota-exceeded-on-write', 'evicted']);
  expect(events.find((e) => e.type === 'evicted')).toMatchObject({ modelId: 'write-a' });
  expect(server.requests(c!.path)).toHaveLength(1);

  // b and c are in use: nothing may be evicted for d, so its refused write ends in QuotaError.
  expect((await page.evaluate((m) => window.modelStore.load(m, { hold: true }), b!.manifest)).ok).toBe(true);
  const refused = await page.evaluate((m) => window.modelStore.load(m), d!.manifest);
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { modelId: 'write-d', availableBytes: 0 } });
  events = await page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'evicted')).toEqual([]);
  expect(await page.evaluate(() => window.modelStore.rawEntries('write-d', '1'))).toBe(0);
  expect((await page.evaluate(() => window.modelStore.list())).map((l) => [l.id, l.complete, l.inUse]).sort()).toEqual([
    ['write-b', true, true],
    ['write-c', true, true],
  ]);
});

test('management: delete one, clear all', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const { page } = session;
  const x = generatedModel('x', MIB, 41).manifest;
  const y = generatedModel('y', MIB, 42).manifest;
  for (const m of [x, y]) expect((await page.evaluate((m) => window.modelStore.load(m), m)).ok).toBe(true);
  expect(await page.evaluate(() => window.modelStore.delete('x'))).toBe(1);
  expect((await page.evaluate(() => window.modelStore.list())).map((l) => l.id)).toEqual(['y']);
  expect(await page.evaluate(() => window.modelStore.rawEntries('x', '1'))).toBe(0);
  await page.evaluate(() => window.modelStore.clear());
  expect(await page.evaluate(() => window.modelStore.list())).toEqual([]);
  expect(await page.evaluate(() => window.modelStore.isCached('y', '1'))).toBe(false);
});
