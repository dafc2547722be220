import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { sriSha256, startModelServer, type ModelServer } from '../support/model-server.ts';
import {
  MIB,
  generatedModel as publishModel,
  launchStoreSession as launch,
  modelManifest,
  openStorePage as openPage,
  watchModelRequests as watchRequests,
  type StoreSession,
} from '../support/model-store-session.ts';

/**
 * @tandem/model-store in headless Chromium, against a fault-injecting model server this spec
 * starts on 127.0.0.1:0: downloads, resumption, integrity (on the network and at rest), record
 * migration, revalidation and management. Quota and eviction: model-store-quota.spec.ts. Every
 * test runs in a persistent (on-disk) profile (support/model-store-session.ts).
 */

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

const manifest = (id: string, version: string, files: { name: string; path: string; bytes: Buffer }[]) => modelManifest(server, id, version, files);
const generatedModel = (id: string, size: number, seed: number, version = '1') => publishModel(server, id, size, seed, version);
const watchModelRequests = (page: Page) => watchRequests(page, server);

let session: StoreSession | undefined;
test.afterEach(async () => {
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

  // Warm, after a reload: both files read in one transaction, each checked block by block.
  await openPage(session.page);
  server.resetLog();
  const warm = await session.page.evaluate((m) => window.modelStore.load(m), m);
  expect(warm.ok && warm.files).toEqual(expected);
  expect(warm.ok && warm.networkBytes).toBe(0);
  expect(server.log).toEqual([]);
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

test('at rest: per-block digests catch a flipped byte in any stored chunk; records of the previous release (schema 1) are checked against the manifest once and upgraded', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const { page } = session;
  const size = 9 * MIB + 5;
  const { manifest: m, path, bytes } = generatedModel('at-rest', size, 31);
  const served = { bytes: size, sha256: sriSha256(bytes) };
  expect((await page.evaluate((m) => window.modelStore.load(m), m)).ok).toBe(true);
  // Schema 2: one digest list per file, 256 KiB blocks, written with `verified`.
  expect(await page.evaluate(() => window.modelStore.recordShape('at-rest', '1'))).toEqual({ schema: 2, blockSizes: { 'weights.bin': 256 * 1024 }, digestLists: 1 });

  // A flipped byte in the middle chunk (and in the short last one): MODEL_INTEGRITY from the
  // cache with both whole-file hashes, the entry dropped, one download of the good copy.
  for (const index of [1, 2]) {
    await page.evaluate((index) => window.modelStore.corruptStoredChunk('at-rest', '1', 'weights.bin', index), index);
    await openPage(page);
    server.resetLog();
    const healed = await page.evaluate((m) => window.modelStore.load(m), m);
    expect(healed.ok && healed.files['weights.bin']).toEqual(served);
    expect(server.requests(path).map((r) => [r.range, r.bytesSent])).toEqual([[undefined, size]]);
    const events = await page.evaluate(() => window.modelStore.takeEvents());
    const integrity = events.filter((e) => e.type === 'integrity-error');
    expect(integrity).toEqual([expect.objectContaining({ source: 'cache', willRetry: true })]);
    const error = integrity[0]!.type === 'integrity-error' ? integrity[0]!.error : undefined;
    expect(error).toMatchObject({ code: 'MODEL_INTEGRITY', details: { modelId: 'at-rest', file: 'weights.bin', expected: served.sha256 } });
    expect((error?.details as { actual: string }).actual).not.toBe(served.sha256);
  }

  // The same bytes as the first release stored them: no schema, no block size, no digest lists.
  await page.evaluate(() => window.modelStore.downgradeToSchema1('at-rest', '1'));
  expect(await page.evaluate(() => window.modelStore.recordShape('at-rest', '1'))).toEqual({ schema: undefined, blockSizes: { 'weights.bin': undefined }, digestLists: 0 });
  await openPage(page);
  server.resetLog();
  const upgraded = await page.evaluate((m) => window.modelStore.load(m), m);
  expect(upgraded.ok && upgraded.files['weights.bin']).toEqual(served);
  expect(upgraded.ok && upgraded.networkBytes).toBe(0);
  expect(server.log).toEqual([]);
  expect(await page.evaluate(() => window.modelStore.recordShape('at-rest', '1'))).toEqual({ schema: 2, blockSizes: { 'weights.bin': 256 * 1024 }, digestLists: 1 });

  // A schema 1 entry corrupted at rest is caught by its whole-file check, and so is a corrupted
  // entry under verifyOnLoad: 'file' (which ignores the stored digests).
  await page.evaluate(() => window.modelStore.corruptStoredChunk('at-rest', '1', 'weights.bin', 0));
  await page.evaluate(() => window.modelStore.downgradeToSchema1('at-rest', '1'));
  const fromSchema1 = await page.evaluate((m) => window.modelStore.load(m), m);
  expect(fromSchema1.ok && fromSchema1.files['weights.bin']).toEqual(served);
  await page.evaluate(() => window.modelStore.corruptStoredChunk('at-rest', '1', 'weights.bin', 2));
  const wholeFile = await page.evaluate((m) => window.modelStore.loadWholeFileVerified(m), m);
  expect(wholeFile.ok && wholeFile.files['weights.bin']).toEqual(served);
  const events = await page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'integrity-error').map((e) => e.type === 'integrity-error' && e.source)).toEqual(['cache', 'cache']);
  expect(server.requests(path)).toHaveLength(2);
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
