import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { sriSha256, startModelServer, type ModelServer } from '../support/model-server.ts';
import { MIB, generatedModel as publishModel, launchStoreSession as launch, type StoreSession } from '../support/model-store-session.ts';

/**
 * @tandem/model-store's quota handling in headless Chromium: the origin's quota is shrunk through
 * the DevTools protocol (`Storage.overrideQuotaForOrigin`), then downloads must evict least
 * recently used unused models, never one in use, or fail with QuotaError and leave no partial
 * entries. Persistent (on-disk) profiles, a model server on 127.0.0.1:0 started here.
 */

/**
 * Chromium reports a static quota to pages (`estimate()` says usage + 10 GiB, an
 * anti-fingerprinting measure) that ignores `Storage.overrideQuotaForOrigin`, while IndexedDB
 * still enforces the overridden quota on writes. Tests of the estimate-based pre-check turn the
 * static quota off so estimate() shows the real (overridden) number, as on a nearly full disk;
 * the write-time test keeps Chromium's default.
 */
const REAL_ESTIMATE = ['--disable-features=StaticStorageQuota'];

let server: ModelServer;

test.beforeAll(async () => {
  server = await startModelServer();
});

test.afterAll(async () => {
  await server?.close();
});

const generatedModel = (id: string, size: number, seed: number, version = '1') => publishModel(server, id, size, seed, version);

let session: StoreSession | undefined;
test.afterEach(async () => {
  cdpSessions.clear();
  await session?.close();
  session = undefined;
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

