/**
 * Model warm start from IndexedDB vs cold fetch from a local server, for a ~40 MB model through
 * @tandem/model-store (issue 10, benchmark 2). Each sample is a fresh on-disk browser profile
 * (Chromium keeps IndexedDB in memory for incognito-like contexts, which would flatter the warm
 * side), in this order: a plain `fetch().arrayBuffer()` of the file (the network floor), the
 * store's cold load (streamed fetch + SHA-256 + chunked IndexedDB writes), a page reload, then
 * the store's warm load (chunks read as one buffer + WebCrypto re-verification) and a warm load
 * without re-verification. Times are taken inside the page around the `load` call.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { ModelManifest } from '@tandem/model-store';
import { baseChromiumArgs, chromiumPath } from '../support/chromium.ts';
import { deterministicBytes, sriSha256, startModelServer, type ModelServer } from '../support/model-server.ts';
import type { LoadReport } from '../pages/model-store/protocol.ts';
import { defineBenchmark, type SampleSeries } from './contract.ts';
import { median } from './stats.ts';

const SIZE = 40 * 1024 * 1024;
const PATH = '/bench/model-40mib.bin';

interface Sample {
  plainFetchMs: number;
  coldMs: number;
  warmMs: number;
  warmUnverifiedMs: number;
  coldNetworkBytes: number;
  warmNetworkBytes: number;
}

function timeOf(report: LoadReport, what: string): number {
  if (!report.ok) throw new Error(`${what} failed: ${report.error.message}`);
  return report.ms;
}

async function sample(baseURL: string, server: ModelServer, manifest: ModelManifest): Promise<Sample> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-bench-model-store-'));
  try {
    return await sampleInProfile(dir, baseURL, server, manifest);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function sampleInProfile(dir: string, baseURL: string, server: ModelServer, manifest: ModelManifest): Promise<Sample> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath,
    args: baseChromiumArgs,
    headless: true,
    baseURL,
  });
  try {
    const page: Page = context.pages()[0] ?? (await context.newPage());
    const open = async () => {
      await page.goto('/model-store/');
      await page.locator('#status', { hasText: 'ready' }).waitFor();
    };
    await open();
    const plain = await page.evaluate((url) => window.modelStore.plainFetch(url), manifest.files[0]!.url);
    if (plain.bytes !== SIZE) throw new Error(`plain fetch got ${plain.bytes} bytes`);
    server.resetLog();
    const cold = await page.evaluate((m) => window.modelStore.load(m), manifest);
    const coldNetworkBytes = server.bytesSent(PATH);
    await open(); // a new page load: nothing of the cold load survives in memory
    server.resetLog();
    const warm = await page.evaluate((m) => window.modelStore.load(m), manifest);
    const warmUnverified = await page.evaluate((m) => window.modelStore.loadUnverified(m), manifest);
    const warmNetworkBytes = server.bytesSent(PATH);
    return {
      plainFetchMs: plain.ms,
      coldMs: timeOf(cold, 'cold load'),
      warmMs: timeOf(warm, 'warm load'),
      warmUnverifiedMs: timeOf(warmUnverified, 'unverified warm load'),
      coldNetworkBytes,
      warmNetworkBytes,
    };
  } finally {
    await context.close();
  }
}

const series = (name: string, samples: number[]): SampleSeries => ({ name, unit: 'ms', samples });

export default defineBenchmark({
  id: 'model-store-warm-cold',
  title: 'Model warm start from IndexedDB vs cold fetch from a local server (40 MiB, @tandem/model-store)',
  goals: [
    { metric: 'warm-vs-cold.ratio', op: '<=', target: 0.2, text: 'warm start ≤ 0.2× cold (store) load' },
    { metric: 'warmNetworkBytes', op: '==', target: 0, text: '0 model bytes fetched on the warm visit' },
  ],
  timeoutMs: 8 * 60_000,
  async run(ctx) {
    const server = await startModelServer();
    try {
      const bytes = deterministicBytes(SIZE, 40);
      server.put(PATH, bytes);
      const manifest: ModelManifest = {
        id: 'bench-40mib',
        version: '1',
        runtime: 'onnxruntime-web',
        licence: 'CC0-1.0',
        files: [{ name: 'model.bin', url: `${server.origin}${PATH}`, size: SIZE, sha256: sriSha256(bytes) }],
      };
      const repeats = ctx.repeats(7);
      ctx.log(`1 warm-up + ${repeats} fresh on-disk profiles: plain fetch, cold load, reload, warm load`);
      await sample(ctx.baseURL, server, manifest);
      const runs: Sample[] = [];
      for (let i = 0; i < repeats; i++) {
        const s = await sample(ctx.baseURL, server, manifest);
        runs.push(s);
        ctx.log(
          `#${i + 1}: fetch ${s.plainFetchMs.toFixed(0)} ms, cold ${s.coldMs.toFixed(0)} ms, warm ${s.warmMs.toFixed(0)} ms (unverified ${s.warmUnverifiedMs.toFixed(0)} ms), warm bytes ${s.warmNetworkBytes}`,
        );
      }
      const pick = (k: keyof Sample) => runs.map((r) => r[k]);
      const cold = series('cold load through the store (fetch + SHA-256 + IndexedDB writes)', pick('coldMs'));
      const plain = series('plain fetch().arrayBuffer() from the local server', pick('plainFetchMs'));
      const warm = series('warm load from IndexedDB (re-verified with WebCrypto)', pick('warmMs'));
      const warmUnverified = series('warm load from IndexedDB without re-verification', pick('warmUnverifiedMs'));
      const warmVsCold = ctx.compare('warm-vs-cold', cold, warm);
      const warmVsFetch = ctx.compare('warm-vs-plain-fetch', plain, warm);
      const unverifiedVsFetch = ctx.compare('warm-unverified-vs-plain-fetch', plain, warmUnverified);
      const summary = {
        ratioWarmVsCold: warmVsCold.ratio,
        ratioWarmVsPlainFetch: warmVsFetch.ratio,
        ratioWarmUnverifiedVsPlainFetch: unverifiedVsFetch.ratio,
      };
      ctx.log(`ratios (median of per-sample ratios): ${JSON.stringify(summary)}`);
      return {
        comparisons: [warmVsCold, warmVsFetch, unverifiedVsFetch],
        metrics: {
          warmNetworkBytes: {
            value: Math.max(...pick('warmNetworkBytes')),
            unit: 'bytes',
            description: 'model bytes the server sent during the warm visit (max over samples)',
          },
          coldNetworkBytes: { value: median(pick('coldNetworkBytes')), unit: 'bytes', description: 'model bytes sent during the cold load, median' },
          modelBytes: { value: SIZE, unit: 'bytes', description: 'size of the generated model file' },
        },
        notes: [
          'Each sample is a fresh on-disk profile (launchPersistentContext), so IndexedDB is on disk as for a user.',
          'The server is Node http on 127.0.0.1 with CORS/CORP; the plain fetch is the network floor on loopback.',
          'Warm load = chunk Blobs concatenated lazily and read into one ArrayBuffer, then SHA-256 by WebCrypto.',
        ],
      };
    } finally {
      await server.close();
    }
  },
});
