import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { sriSha256, startModelServer, type ModelServer } from '../support/model-server.ts';
import { MIB, launchStoreSession as launch, modelManifest, type StoreSession } from '../support/model-store-session.ts';

/**
 * @tandem/model-store against a server that compresses (issue #18): the browser decodes a brotli
 * or gzip body before the store reads it, so the store's progress, chunks and SHA-256 are of the
 * decoded file, measured against the manifest's size, while fewer bytes cross the wire. Resuming
 * asks for a range of the file; a server that answers with a range of its ENCODED body (offsets
 * the store never saw) makes the store fetch the whole file again rather than splice. Each test
 * runs in a persistent profile against the fault-injecting model server.
 */

let server: ModelServer;
test.beforeAll(async () => {
  server = await startModelServer();
});
test.afterAll(async () => {
  await server?.close();
});

let session: StoreSession | undefined;
test.afterEach(async () => {
  await session?.close();
  session = undefined;
});

/**
 * Deterministic text that compresses about 3× (words from a 4096-word vocabulary, like a
 * pronunciation dictionary): unlike the random weights of the other specs, a coding helps here.
 */
function compressibleBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  let at = 0;
  while (at < size) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const word = `w${(x & 0xfff).toString(36)} ${x & 1 ? 'AH' : 'IY'} ${(x >>> 12) & 7}\n`;
    at += out.write(word, at, 'latin1');
  }
  return out;
}

function publish(id: string, bytes: Buffer) {
  const path = `/compressed/${id}.bin`;
  server.put(path, bytes, 'application/octet-stream', { compress: true });
  return { path, manifest: modelManifest(server, id, '1', [{ name: 'weights.bin', path, bytes }]) };
}

test('an encoded transfer: progress in decoded bytes up to the manifest size, the hash of the decoded file, far fewer bytes on the wire', async () => {
  session = await launch(test.info());
  const size = 12 * MIB + 321;
  const bytes = compressibleBytes(size, 11);
  const { path, manifest } = publish('encoded', bytes);
  server.resetLog();

  const loaded = await session.page.evaluate((m) => window.modelStore.load(m), manifest);
  expect(loaded.ok && loaded.files['weights.bin']).toEqual({ bytes: size, sha256: sriSha256(bytes) });
  const [request, ...others] = server.requests(path);
  expect(others).toEqual([]);
  expect(request).toMatchObject({ status: 200, completed: true });
  expect(['br', 'gzip']).toContain(request!.contentEncoding);
  test.info().annotations.push({ type: 'coding', description: `Accept-Encoding "${request!.acceptEncoding}" → ${request!.contentEncoding}, ${request!.bytesSent} bytes on the wire for ${size}` });
  expect(request!.bytesSent).toBeLessThan(size / 2);
  // The store counts decoded bytes: what it received of the file, not what crossed the wire.
  expect(loaded.ok && loaded.networkBytes).toBe(size);
  const done = loaded.progress.map((p) => p.bytesDone);
  expect(done.some((d) => d > 0 && d < size)).toBe(true);
  done.slice(1).forEach((d, i) => expect(d).toBeGreaterThanOrEqual(done[i]!));
  expect(loaded.progress.every((p) => p.bytesTotal === size && p.bytesDone <= size)).toBe(true);
  expect(loaded.progress.at(-1)).toMatchObject({ bytesDone: size, fileBytesDone: size, fileBytesTotal: size, source: 'network' });
  expect(await session.page.evaluate(() => window.modelStore.list())).toEqual([expect.objectContaining({ id: 'encoded', storedBytes: size, complete: true })]);
});

test('at rest: a compressible file is kept gzipped in IndexedDB, served verified from it with 0 network bytes, and a byte flipped inside a gzipped chunk is caught and refetched', async () => {
  session = await launch(test.info());
  const size = 9 * MIB + 77;
  const text = compressibleBytes(size, 5);
  // Weights that do not compress (a seeded xorshift stream) stay as they are.
  const noise = Buffer.alloc(5 * MIB);
  for (let i = 0, x = 7; i < noise.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 0xff;
  }
  const files = [
    { name: 'dict.txt', path: '/at-rest/dict.txt', bytes: text },
    { name: 'weights.bin', path: '/at-rest/weights.bin', bytes: noise },
  ];
  for (const f of files) server.put(f.path, f.bytes, 'application/octet-stream');
  const manifest = modelManifest(server, 'at-rest-gzip', '1', files);
  const served = Object.fromEntries(files.map((f) => [f.name, { bytes: f.bytes.length, sha256: sriSha256(f.bytes) }]));
  expect((await session.page.evaluate((m) => window.modelStore.load(m), manifest)).ok).toBe(true);

  const dictChunks = await session.page.evaluate(() => window.modelStore.storedChunks('at-rest-gzip', '1', 'dict.txt'));
  const weightChunks = await session.page.evaluate(() => window.modelStore.storedChunks('at-rest-gzip', '1', 'weights.bin'));
  expect(dictChunks.map((c) => c.type)).toEqual(['application/x-tandem-gzip', 'application/x-tandem-gzip', 'application/x-tandem-gzip']);
  const dictStored = dictChunks.reduce((a, c) => a + c.size, 0);
  test.info().annotations.push({ type: 'at rest', description: `dict.txt: ${size} bytes kept as ${dictStored}; weights.bin kept as is` });
  expect(dictStored).toBeLessThan(size / 2);
  expect(weightChunks.map((c) => [c.type, c.size])).toEqual([['', 4 * MIB], ['', MIB]]);

  // A warm load decodes them: the same verified bytes, nothing fetched.
  server.resetLog();
  const warm = await session.page.evaluate((m) => window.modelStore.load(m), manifest);
  expect(warm.ok && warm.files).toEqual(served);
  expect(warm.ok && warm.networkBytes).toBe(0);
  expect(server.log).toEqual([]);

  // Damage inside the middle gzipped chunk: caught on load, one download of the good copy.
  await session.page.evaluate(() => window.modelStore.corruptStoredChunk('at-rest-gzip', '1', 'dict.txt', 1));
  await session.page.evaluate(() => window.modelStore.takeEvents());
  const healed = await session.page.evaluate((m) => window.modelStore.load(m), manifest);
  expect(healed.ok && healed.files).toEqual(served);
  expect(server.requests('/at-rest/dict.txt').map((r) => r.bytesSent)).toEqual([size]);
  const events = await session.page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'integrity-error')).toEqual([expect.objectContaining({ source: 'cache', willRetry: true })]);
});

test('integrity is checked on the decoded bytes: a file that decodes to other bytes is refused with their hash', async () => {
  session = await launch(test.info());
  const size = 5 * MIB;
  const good = compressibleBytes(size, 12);
  const { path, manifest } = publish('tampered', good);
  const bad = Buffer.from(good);
  bad[size >> 1]! ^= 0x20;
  server.put(path, bad, 'application/octet-stream', { compress: true });
  server.resetLog();

  const refused = await session.page.evaluate((m) => window.modelStore.load(m), manifest);
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.error).toMatchObject({ code: 'MODEL_INTEGRITY', details: { expected: sriSha256(good), actual: sriSha256(bad) } });
  expect(server.requests(path).every((r) => r.contentEncoding !== undefined)).toBe(true);
  expect(await session.page.evaluate(() => window.modelStore.list())).toEqual([]);
});

test('resume after a cut encoded transfer: a Range for the rest, answered identity-encoded, ends with the verified file', async () => {
  const testInfo = test.info();
  session = await launch(testInfo);
  const size = 20 * MIB + 4321;
  const bytes = compressibleBytes(size, 13);
  const { path, manifest } = publish('resumed', bytes);
  // Cut the encoded body (br or gzip, whichever Chromium asks for) at 70% of the shorter: by then
  // more than one 4 MiB chunk of the DECODED file is stored.
  const encodedLength = Math.min(gzipSync(bytes).length, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length);
  server.injectFaults(path, { cutAfterBytes: Math.floor(encodedLength * 0.7) });
  server.resetLog();

  const first = await session.page.evaluate((m) => window.modelStore.load(m), manifest);
  expect(first.ok).toBe(false);
  const stored = (await session.page.evaluate(() => window.modelStore.list()))[0]!.storedBytes;
  expect(stored % (4 * MIB)).toBe(0);
  expect(stored).toBeGreaterThanOrEqual(4 * MIB);

  await session.page.reload();
  await expect(session.page.locator('#status')).toHaveText('ready');
  server.resetLog();
  const second = await session.page.evaluate((m) => window.modelStore.load(m), manifest);
  expect(second.ok && second.files['weights.bin']).toEqual({ bytes: size, sha256: sriSha256(bytes) });
  const [resumed, ...others] = server.requests(path);
  expect(others).toEqual([]);
  expect(resumed).toMatchObject({ range: `bytes=${stored}-`, status: 206, contentEncoding: undefined, bytesSent: size - stored, completed: true });
  testInfo.annotations.push({ type: 'resume', description: `stored ${stored}; Range request's Accept-Encoding "${resumed!.acceptEncoding}"` });
  // Progress resumes at the stored decoded bytes and stays monotonic up to the manifest size.
  expect(second.progress.filter((p) => p.source === 'cache').at(-1)).toMatchObject({ bytesDone: stored });
  const done = second.progress.map((p) => p.bytesDone);
  done.slice(1).forEach((d, i) => expect(d).toBeGreaterThanOrEqual(done[i]!));
  expect(second.progress.at(-1)).toMatchObject({ bytesDone: size, bytesTotal: size });
  const events = await session.page.evaluate(() => window.modelStore.takeEvents());
  expect(events.filter((e) => e.type === 'download-start').at(-1)).toMatchObject({ offset: stored, resumed: true, status: 206 });
});

test('a server that answers the Range with a range of its encoded body: the store fetches the whole file again (not the same Range for ever) and ends verified', async () => {
  session = await launch(test.info());
  const size = 20 * MIB + 99;
  const bytes = compressibleBytes(size, 14);
  const { path, manifest } = publish('encoded-range', bytes);
  // The text compresses ~3.5× (gzip) to ~3.9× (br): a cut after 1.8 MB of the encoded body has
  // delivered 6–7 MB of the file, so exactly one 4 MiB chunk is stored, an offset inside the
  // 6 MB gzip body the server will take the Range from (past its end the answer would be 416).
  const gzipLength = gzipSync(bytes).length;
  server.injectFaults(path, { cutAfterBytes: 1_800_000 }, { encodeRange: true });
  server.resetLog();

  expect((await session.page.evaluate((m) => window.modelStore.load(m), manifest)).ok).toBe(false);
  const stored = (await session.page.evaluate(() => window.modelStore.list()))[0]!.storedBytes;
  expect(stored).toBe(4 * MIB);
  expect(stored).toBeLessThan(gzipLength);

  const second = await session.page.evaluate((m) => window.modelStore.load(m), manifest);
  expect(second.ok ? second.files['weights.bin'] : second.error).toEqual({ bytes: size, sha256: sriSha256(bytes) });
  const requests = server.requests(path).map((r) => [r.range, r.status, r.contentEncoding]);
  expect(requests).toEqual([
    [undefined, 200, expect.stringMatching(/^(br|gzip)$/)],
    [`bytes=${stored}-`, 206, 'gzip'],
    [undefined, 200, expect.stringMatching(/^(br|gzip)$/)],
  ]);
  // Chromium refuses such a 206 outright ("Failed to fetch": it cannot decode the middle of a
  // gzip stream); a client that hands it over would be told by its Content-Encoding. Either way
  // the store asks once for the whole file instead of retrying a Range that cannot work.
  const events = await session.page.evaluate(() => window.modelStore.takeEvents());
  const restart = events.find((e) => e.type === 'download-restart');
  expect(restart).toMatchObject({ reason: expect.stringMatching(new RegExp(`gzip-encoded body|bytes ${stored}- failed`)) });
  test.info().annotations.push({ type: 'restart', description: restart?.type === 'download-restart' ? restart.reason : '' });
  expect(events.filter((e) => e.type === 'download-start').at(-1)).toMatchObject({ offset: 0, resumed: false, status: 200 });
  expect(second.ok && second.networkBytes).toBe(size);
});
