/**
 * One first visit of the speech-translate PWA for the first-visit benchmark (issue #18): a fresh
 * on-disk Chromium profile opens the production build, served by the app's own server
 * (scripts/serve.mjs) behind a byte-counting proxy, until the app is ready to listen and every
 * first-visit transfer (page, workers, service-worker precache, model store) has ended. It reports
 * the bytes on the wire, what the origin then stores per storage type, and the times.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium } from '@playwright/test';
import { startAppServer } from '../../apps/speech-translate/scripts/serve.mjs';
import { baseChromiumArgs, chromiumPath } from '../support/chromium.ts';
import { startCountingProxy, type CountingProxy } from './counting-proxy.ts';

/** One way of serving the app: a build folder and whether the server compresses. */
export interface ServedApp {
  name: string;
  dist: string;
  compression: boolean;
  proxy: CountingProxy;
  close(): Promise<void>;
}

export interface FirstVisit {
  /** Bytes the server sent on the wire (status lines, headers, bodies), through the proxy. */
  wireBytes: number;
  requests: number;
  /** navigator.storage.estimate() after the visit, and its per-type split (Chromium's usageDetails). */
  storage: { usage: number; caches: number; indexedDB: number; serviceWorker: number };
  /** Navigation start → the app's buttons enabled (body[data-ready=true]), page clock. */
  readyMs: number;
  /** Navigation start → the service worker active and the network quiet (all first-visit bytes in). */
  settledMs: number;
  /**
   * A reload in the same profile once the first visit settled: bytes the server sent (the service
   * worker's update check, config.json, the bundles' manifests the store revalidates) and requests
   * for model files under generated/models/ (manifests aside) that reached the server: the model
   * store should serve them all from IndexedDB (0).
   */
  warm: { wireBytes: number; modelRequests: number; manifestRequests: number; readyMs: number };
  /** Per response as Playwright saw it (encoded body bytes), page, workers and service worker. */
  responses: { url: string; bodyBytes: number; encoding: string | undefined; fromServiceWorker: boolean }[];
}

/** The function is not part of a first visit: its origin only has to be in the CSP. */
const NO_FUNCTION = 'http://127.0.0.1:9/';

export async function serveApp(name: string, dist: string, compression: boolean): Promise<ServedApp> {
  const app = await startAppServer({ dist, port: 0, host: '127.0.0.1', functionUrl: NO_FUNCTION, compression });
  const proxy = await startCountingProxy({ host: '127.0.0.1', port: Number(new URL(app.url).port) });
  if (compression) await warmEncodedBodies(app.url, dist);
  return {
    name,
    dist,
    compression,
    proxy,
    async close() {
      await proxy.close();
      await new Promise<void>((done) => {
        app.server.closeAllConnections();
        app.server.close(() => done());
      });
    },
  };
}

/**
 * Asks the server for every file once with `Accept-Encoding: br, gzip`, so its encoded bodies are
 * made before the visit, as a deployment serves precompressed files: brotli's time on the first
 * request is the server's start-up, not the visitor's wait. Straight to the server, not the proxy.
 */
async function warmEncodedBodies(url: string, dist: string): Promise<void> {
  const files = (await readdir(dist, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => relative(dist, join(e.parentPath, e.name)));
  for (const file of files) {
    await new Promise<void>((done, fail) => {
      request(new URL(file.split('/').map(encodeURIComponent).join('/'), url), { headers: { 'Accept-Encoding': 'br, gzip' } }, (res) => {
        res.resume();
        res.on('end', () => done());
        res.on('error', fail);
      })
        .on('error', fail)
        .end();
    });
  }
}

/**
 * Polls `sample()` every 100 ms until it has not changed for `quietMs` (bounded by `maxMs`);
 * returns how long ago (ms) it last changed.
 */
async function quietSince(sample: () => number, quietMs: number, maxMs: number): Promise<number> {
  const end = Date.now() + maxMs;
  let last = sample();
  let changedAt = Date.now();
  while (Date.now() < end && Date.now() - changedAt < quietMs) {
    await new Promise((r) => setTimeout(r, 100));
    const now = sample();
    if (now !== last) {
      last = now;
      changedAt = Date.now();
    }
  }
  return Date.now() - changedAt;
}

export async function firstVisit(served: ServedApp, log: (m: string) => void): Promise<FirstVisit> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-first-visit-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath, args: baseChromiumArgs, headless: true });
  try {
    // The moment the app says it is ready, on the page clock (set before any of the app's code runs).
    await context.addInitScript(() => {
      const w = window as unknown as { __readyAt?: number };
      new MutationObserver(() => {
        if (w.__readyAt === undefined && document.body?.dataset.ready === 'true') w.__readyAt = performance.now();
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready'] });
    });
    const responses: FirstVisit['responses'] = [];
    const pending: Promise<void>[] = [];
    context.on('requestfinished', (r) => {
      pending.push(
        Promise.all([r.sizes(), r.response().then((res) => res?.headerValue('content-encoding'))])
          .then(([sizes, encoding]) => {
            responses.push({ url: r.url(), bodyBytes: sizes.responseBodySize, encoding: encoding ?? undefined, fromServiceWorker: r.serviceWorker() !== null });
          })
          .catch(() => undefined),
      );
    });
    const before = served.proxy.count();
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(`${served.proxy.url}/`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 300_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);
    const quietFor = await quietSince(() => served.proxy.count().down, 3_000, 180_000);
    const settledMs = (await page.evaluate(() => performance.now())) - quietFor;
    const readyMs = await page.evaluate(() => (window as unknown as { __readyAt?: number }).__readyAt ?? Number.NaN);
    const estimate = await page.evaluate(async () => {
      const e = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: Record<string, number> };
      return { usage: e.usage ?? 0, details: e.usageDetails ?? {} };
    });
    await Promise.all(pending);
    const after = served.proxy.count();

    // The warm visit: same profile, reload, ready, quiet again.
    let modelRequests = 0;
    let manifestRequests = 0;
    const countModels = (r: { url(): string }) => {
      const path = new URL(r.url()).pathname;
      if (!path.includes('/generated/models/')) return;
      if (path.endsWith('/manifest.json')) manifestRequests++;
      else modelRequests++;
    };
    const seen = new Set<string>();
    context.on('requestfinished', (r) => {
      // Requests of the page, its workers or the service worker that the server answered.
      void r.response().then((res) => {
        if (res && !res.fromServiceWorker() && !seen.has(r.url())) {
          seen.add(r.url());
          countModels(r);
        }
      });
    });
    await page.evaluate(() => delete (window as unknown as { __readyAt?: number }).__readyAt);
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 120_000 });
    await quietSince(() => served.proxy.count().down, 2_000, 60_000);
    const warmReadyMs = await page.evaluate(() => (window as unknown as { __readyAt?: number }).__readyAt ?? Number.NaN);
    const warm = { wireBytes: served.proxy.count().down - after.down, modelRequests, manifestRequests, readyMs: warmReadyMs };
    return {
      wireBytes: after.down - before.down,
      requests: Object.values(after.methods).reduce((a, b) => a + b, 0) - Object.values(before.methods).reduce((a, b) => a + b, 0),
      storage: {
        usage: estimate.usage,
        caches: estimate.details.caches ?? 0,
        indexedDB: estimate.details.indexedDB ?? 0,
        serviceWorker: estimate.details.serviceWorkerRegistrations ?? 0,
      },
      readyMs,
      settledMs,
      warm,
      responses,
    };
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
}
