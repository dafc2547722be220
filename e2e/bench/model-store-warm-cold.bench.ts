/**
 * Model warm start from IndexedDB vs cold fetch from a local server through @tandem/model-store
 * (issue 10, benchmark 2), for two models: a 40 MiB synthetic one-file model, and the ASR model
 * the speech-translate app stores (Debian's PocketSphinx en-us: 9 files, 37 MB, as prepared by
 * scripts/prepare-assets.mjs into e2e/public/models/pocketsphinx-en-us). Both are served by the
 * bench's own Node server on 127.0.0.1 so every byte it sends is counted. A third part (issue 16)
 * starts a whole stage instead of loading bytes: runtime-tfjs's face detector (see `face-start.ts`).
 *
 * Each sample is a fresh on-disk browser profile (Chromium keeps IndexedDB in memory for
 * incognito-like contexts, which would flatter the warm side), in this order: a plain
 * `fetch().arrayBuffer()` of every file (the network floor), the store's cold load (streamed
 * fetch + SHA-256 + chunked IndexedDB writes + block digests), a page reload, then warm loads:
 * the default (chunks read as one buffer per file, every 256 KiB block re-hashed against the
 * digests recorded at download), without re-verification, and with `verifyOnLoad: 'file'` (one
 * whole-file SHA-256 per file against the manifest, the first release's way). Times are taken
 * inside the page around the `load` call.
 */
import { resolve } from 'node:path';
import type { ModelManifest } from '@tandem/model-store';
import { deterministicBytes, sriSha256, startModelServer, type ModelServer } from '../support/model-server.ts';
import type { LoadReport } from '../pages/model-store/protocol.ts';
import { defineBenchmark, type BenchContext, type Metric, type PairedComparison, type SampleSeries } from './contract.ts';
import { measureFaceStart } from './face-start.ts';
import { inFreshProfile, openBenchPage } from './fresh-profile.ts';
import { republishModel } from './republished-model.ts';
import { median } from './stats.ts';

const SIZE = 40 * 1024 * 1024;
const ASR_DIR = resolve(import.meta.dirname, '../public/models/pocketsphinx-en-us');

interface Variant {
  /** Prefix of comparison and metric ids ('' for the 40 MiB model, whose ids predate the ASR one). */
  prefix: string;
  label: string;
  manifest: ModelManifest;
  bytes: number;
}

interface Sample {
  plainFetchMs: number;
  coldMs: number;
  warmMs: number;
  warmUnverifiedMs: number;
  warmWholeFileMs: number;
  coldNetworkBytes: number;
  warmNetworkBytes: number;
}

function timeOf(report: LoadReport, what: string): number {
  if (!report.ok) throw new Error(`${what} failed: ${report.error.message}`);
  return report.ms;
}

async function sample(baseURL: string, server: ModelServer, { manifest, bytes }: Variant): Promise<Sample> {
  return inFreshProfile(baseURL, async (page) => {
    await openBenchPage(page, '/model-store/');
    const urls = manifest.files.map((f) => f.url);
    const plain = await page.evaluate((urls) => window.modelStore.plainFetchAll(urls), urls);
    if (plain.bytes !== bytes) throw new Error(`plain fetch got ${plain.bytes} bytes, expected ${bytes}`);
    server.resetLog();
    const cold = await page.evaluate((m) => window.modelStore.load(m), manifest);
    const coldNetworkBytes = server.bytesSent();
    await openBenchPage(page, '/model-store/'); // a new page load: nothing of the cold load survives in memory
    server.resetLog();
    const warm = await page.evaluate((m) => window.modelStore.load(m), manifest);
    const warmUnverified = await page.evaluate((m) => window.modelStore.loadUnverified(m), manifest);
    const warmWholeFile = await page.evaluate((m) => window.modelStore.loadWholeFileVerified(m), manifest);
    const warmNetworkBytes = server.bytesSent();
    return {
      plainFetchMs: plain.ms,
      coldMs: timeOf(cold, 'cold load'),
      warmMs: timeOf(warm, 'warm load'),
      warmUnverifiedMs: timeOf(warmUnverified, 'unverified warm load'),
      warmWholeFileMs: timeOf(warmWholeFile, 'whole-file verified warm load'),
      coldNetworkBytes,
      warmNetworkBytes,
    };
  });
}

const series = (name: string, samples: number[]): SampleSeries => ({ name, unit: 'ms', samples });

async function measure(
  ctx: BenchContext,
  server: ModelServer,
  variant: Variant,
  repeats: number,
): Promise<{ comparisons: PairedComparison[]; metrics: Record<string, Metric> }> {
  const { prefix, label } = variant;
  ctx.log(`${label}: 1 warm-up + ${repeats} fresh on-disk profiles: plain fetch, cold load, reload, warm loads`);
  await sample(ctx.baseURL, server, variant);
  const runs: Sample[] = [];
  for (let i = 0; i < repeats; i++) {
    const s = await sample(ctx.baseURL, server, variant);
    runs.push(s);
    ctx.log(
      `${label} #${i + 1}: fetch ${s.plainFetchMs.toFixed(0)} ms, cold ${s.coldMs.toFixed(0)} ms, warm ${s.warmMs.toFixed(0)} ms (unverified ${s.warmUnverifiedMs.toFixed(0)} ms, whole-file ${s.warmWholeFileMs.toFixed(0)} ms), warm bytes ${s.warmNetworkBytes}`,
    );
  }
  const pick = (k: keyof Sample) => runs.map((r) => r[k]);
  const cold = series(`${label}: cold load through the store (fetch + SHA-256 + IndexedDB writes + block digests)`, pick('coldMs'));
  const plain = series(`${label}: plain fetch().arrayBuffer() from the local server`, pick('plainFetchMs'));
  const warm = series(`${label}: warm load from IndexedDB (256 KiB blocks re-hashed, the default)`, pick('warmMs'));
  const warmUnverified = series(`${label}: warm load from IndexedDB without re-verification`, pick('warmUnverifiedMs'));
  const warmWholeFile = series(`${label}: warm load from IndexedDB, whole-file SHA-256 (verifyOnLoad 'file')`, pick('warmWholeFileMs'));
  const comparisons = [
    ctx.compare(`${prefix}warm-vs-cold`, cold, warm),
    ctx.compare(`${prefix}warm-vs-plain-fetch`, plain, warm),
    ctx.compare(`${prefix}warm-vs-whole-file-warm`, warmWholeFile, warm),
    ctx.compare(`${prefix}warm-unverified-vs-plain-fetch`, plain, warmUnverified),
  ];
  ctx.log(`${label} ratios (median of per-sample ratios): ${comparisons.map((c) => `${c.id} ${c.ratio.toFixed(3)}`).join(', ')}`);
  return {
    comparisons,
    metrics: {
      [`${prefix}warmNetworkBytes`]: {
        value: Math.max(...pick('warmNetworkBytes')),
        unit: 'bytes',
        description: `${label}: model bytes the server sent during the warm visit (max over samples)`,
      },
      [`${prefix}coldNetworkBytes`]: { value: median(pick('coldNetworkBytes')), unit: 'bytes', description: `${label}: model bytes sent during the cold load, median` },
      [`${prefix}modelBytes`]: { value: variant.bytes, unit: 'bytes', description: `${label}: size of the model (${variant.manifest.files.length} file(s))` },
    },
  };
}

/** The app's ASR model as prepared for the e2e pages (scripts/prepare-assets.mjs), republished on the bench's server. */
async function asrVariant(server: ModelServer): Promise<Variant> {
  const { manifest, bytes } = await republishModel(server, ASR_DIR, 'asr');
  return { prefix: 'asr.', label: `${manifest.id} ${manifest.version}`, manifest, bytes };
}

export default defineBenchmark({
  id: 'model-store-warm-cold',
  title: 'Model warm start from IndexedDB vs cold fetch from a local server (40 MiB synthetic, the PocketSphinx en-us ASR model, and the TF.js face detector stage, @tandem/model-store)',
  goals: [
    { metric: 'warm-vs-cold.ratio', op: '<=', target: 0.2, text: '40 MiB model: warm start ≤ 0.2× cold (store) load' },
    { metric: 'warmNetworkBytes', op: '==', target: 0, text: '40 MiB model: 0 model bytes fetched on the warm visit' },
    { metric: 'asr.warm-vs-cold.ratio', op: '<=', target: 0.2, text: 'ASR model: warm start ≤ 0.2× cold (store) load' },
    { metric: 'asr.warmNetworkBytes', op: '==', target: 0, text: 'ASR model: 0 model bytes fetched on the warm visit' },
    { metric: 'face.warm-vs-cold.ratio', op: '<=', target: 0.2, text: 'Face detector stage: warm start ≤ 0.2× cold start (through the store, ready for a first detection)' },
    { metric: 'face.store-warm-vs-cold.ratio', op: '<=', target: 0.2, text: "Face detector stage: the store's load on the warm start ≤ 0.2× its cold load" },
    { metric: 'face.warmNetworkBytes', op: '==', target: 0, text: 'Face detector stage: 0 model bytes fetched on the warm start' },
  ],
  timeoutMs: 9 * 60_000,
  async run(ctx) {
    const server = await startModelServer();
    try {
      const synthetic = deterministicBytes(SIZE, 40);
      server.put('/bench/model-40mib.bin', synthetic);
      const variants: Variant[] = [
        {
          prefix: '',
          label: '40 MiB',
          bytes: SIZE,
          manifest: {
            id: 'bench-40mib',
            version: '1',
            runtime: 'onnxruntime-web',
            licence: 'CC0-1.0',
            files: [{ name: 'model.bin', url: `${server.origin}/bench/model-40mib.bin`, size: SIZE, sha256: sriSha256(synthetic) }],
          },
        },
        await asrVariant(server),
      ];
      const repeats = ctx.repeats(7);
      const comparisons: PairedComparison[] = [];
      const metrics: Record<string, Metric> = {};
      for (const variant of variants) {
        const measured = await measure(ctx, server, variant, repeats);
        comparisons.push(...measured.comparisons);
        Object.assign(metrics, measured.metrics);
      }
      const face = await measureFaceStart(ctx, server, repeats);
      comparisons.push(...face.comparisons);
      Object.assign(metrics, face.metrics);
      return {
        comparisons,
        metrics,
        notes: [
          'Each sample is a fresh on-disk profile (launchPersistentContext), so IndexedDB is on disk as for a user.',
          'The server is Node http on 127.0.0.1 with CORS/CORP; the plain fetch is the network floor on loopback (several files: fetched concurrently).',
          'Warm load = every file\'s chunks read in one IndexedDB transaction, each file\'s chunk Blobs read into one ArrayBuffer, then SHA-256 of each 256 KiB block (WebCrypto) against the digests recorded when the download matched the manifest.',
          'The cold load includes those block digests (taken as the download fills each block); on loopback they are CPU time the cold side did not pay before schema 2.',
          `ASR model: ${variants[1]!.manifest.files.length} files from ${variants[1]!.manifest.files.map((f) => f.name).join(', ')}.`,
          ...face.notes,
        ],
      };
    } finally {
      await server.close();
    }
  },
});
