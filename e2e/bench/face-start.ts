/**
 * Bench #2's third part (issue 16): a whole on-device stage started through @tandem/model-store,
 * not only its bytes loaded. runtime-tfjs's Tiny Face Detector (face-api's weights, 2 files,
 * 196 kB, from e2e/public/models/tiny-face-detector, republished on the bench's model server so
 * every model byte is counted) runs as an app runs it: in a module worker from a worker pool, its
 * weights through a model store opened in that worker, backend `wasm` (fixed, so no backend trial
 * is timed; 'auto' would measure once and remember).
 *
 * Each sample is a fresh on-disk profile (e2e/pages/bench-face-start): the **cold start** (worker
 * started, TF.js and its WASM backend started, weights fetched, SHA-256 checked against the
 * manifest and written to IndexedDB, the model built: the stage's load report), a reload, then the
 * **warm start** the same way with the weights from IndexedDB (block digests re-checked). Times
 * are taken in the page from asking the pool for the stage to its load report ("ready for a first
 * detection"); a first detection on a fixture photo follows each start and must find the same
 * faces both times, so a start that cannot detect fails the sample. Each start splits into four
 * parts, in the order they happen: the worker's script (worker created, its module graph with
 * TF.js fetched or read from the HTTP cache, parsed and run, up to the moment the worker module
 * finished evaluating, on the shared epoch clock), the store's `load` (timed in the worker around
 * its `ModelSource`), TF.js's WASM backend start (what is left: also messages between page and
 * worker), and the model build (the stage's `compileMs`). Script and backend are paid on every
 * page load whatever the store does.
 */
import { resolve } from 'node:path';
import type { ModelServer } from '../support/model-server.ts';
import type { FaceStartReport } from '../pages/bench-face-start/protocol.ts';
import type { BenchContext, Metric, PairedComparison, SampleSeries } from './contract.ts';
import { inFreshProfile, openBenchPage } from './fresh-profile.ts';
import { republishModel, type RepublishedModel } from './republished-model.ts';
import { median } from './stats.ts';

const FACE_DIR = resolve(import.meta.dirname, '../public/models/tiny-face-detector');
/** face-api's sample photo with three faces, served by the e2e pages' server. */
const PHOTO = '/models/face-samples/sample1.jpg';
const PAGE = '/bench-face-start/';

interface FaceSample {
  cold: FaceStartReport;
  warm: FaceStartReport;
  /** Model bytes the bench's server sent during each start. */
  coldServerBytes: number;
  warmServerBytes: number;
}

function check(sample: FaceSample, model: RepublishedModel): void {
  const { cold, warm } = sample;
  if (cold.cacheHit || cold.networkBytes !== model.bytes) throw new Error(`cold start fetched ${cold.networkBytes} of ${model.bytes} model bytes (cacheHit ${cold.cacheHit})`);
  if (cold.faces === 0) throw new Error('the cold start found no face on the fixture photo');
  if (warm.faces !== cold.faces) throw new Error(`the warm start found ${warm.faces} faces, the cold one ${cold.faces}`);
}

async function sample(baseURL: string, server: ModelServer, model: RepublishedModel): Promise<FaceSample> {
  return inFreshProfile(baseURL, async (page) => {
    const start = () => page.evaluate(([m, photo]) => window.benchFaceStart.start(m, 'wasm', photo), [model.manifest, PHOTO] as const);
    await openBenchPage(page, PAGE);
    server.resetLog();
    const cold = await start();
    const coldServerBytes = server.bytesSent();
    await openBenchPage(page, PAGE); // a new page load: new worker, nothing of the cold start in memory
    server.resetLog();
    const warm = await start();
    const warmServerBytes = server.bytesSent();
    const s = { cold, warm, coldServerBytes, warmServerBytes };
    check(s, model);
    return s;
  });
}

const series = (name: string, samples: number[]): SampleSeries => ({ name, unit: 'ms', samples });
/** What is left after script, store and build: TF.js's WASM backend start, and the page↔worker messages. */
const backendMs = (r: FaceStartReport) => r.readyMs - r.workerScriptMs - r.storeMs - r.buildMs;

/** Cold vs warm start of the face detector stage: comparisons and metrics prefixed `face.`. */
export async function measureFaceStart(
  ctx: BenchContext,
  server: ModelServer,
  repeats: number,
): Promise<{ comparisons: PairedComparison[]; metrics: Record<string, Metric>; notes: string[] }> {
  const model = await republishModel(server, FACE_DIR, 'face');
  const label = `face detector (${model.manifest.id} ${model.manifest.version})`;
  ctx.log(`${label}: 1 warm-up + ${repeats} fresh on-disk profiles: cold start, reload, warm start (wasm, in a worker)`);
  await sample(ctx.baseURL, server, model);
  const runs: FaceSample[] = [];
  for (let i = 0; i < repeats; i++) {
    const s = await sample(ctx.baseURL, server, model);
    runs.push(s);
    ctx.log(
      `${label} #${i + 1}: ` +
        (['cold', 'warm'] as const).map((k) => `${k} ${s[k].readyMs.toFixed(0)} ms (script ${s[k].workerScriptMs.toFixed(0)}, store ${s[k].storeMs.toFixed(0)}, backend ${backendMs(s[k]).toFixed(0)}, build ${s[k].buildMs.toFixed(0)})`).join(', ') +
        `, first detection ${s.cold.firstDetectionMs.toFixed(0)}/${s.warm.firstDetectionMs.toFixed(0)} ms, ${s.cold.faces} faces on ${s.cold.backend}, warm bytes ${s.warmServerBytes}`,
    );
  }
  const cold = series(`${label}: cold start (worker, TF.js wasm, weights fetched + SHA-256 + IndexedDB, model built)`, runs.map((r) => r.cold.readyMs));
  const warm = series(`${label}: warm start after a reload (weights from IndexedDB, blocks re-hashed)`, runs.map((r) => r.warm.readyMs));
  const coldStore = series(`${label}: the store's load in the worker on the cold start (fetch + SHA-256 + IndexedDB writes)`, runs.map((r) => r.cold.storeMs));
  const warmStore = series(`${label}: the store's load in the worker on the warm start (IndexedDB read + block re-hash)`, runs.map((r) => r.warm.storeMs));
  const comparisons = [ctx.compare('face.warm-vs-cold', cold, warm), ctx.compare('face.store-warm-vs-cold', coldStore, warmStore)];
  ctx.log(`${label} ratios (median of per-sample ratios): ${comparisons.map((c) => `${c.id} ${c.ratio.toFixed(3)}`).join(', ')}`);
  const ms = (value: number, description: string): Metric => ({ value, unit: 'ms', description: `${label}: ${description}` });
  return {
    comparisons,
    metrics: {
      'face.warmNetworkBytes': {
        value: Math.max(...runs.map((r) => r.warmServerBytes)),
        unit: 'bytes',
        description: `${label}: model bytes the server sent during the warm start (max over samples)`,
      },
      'face.coldNetworkBytes': { value: median(runs.map((r) => r.coldServerBytes)), unit: 'bytes', description: `${label}: model bytes sent during the cold start, median` },
      'face.modelBytes': { value: model.bytes, unit: 'bytes', description: `${label}: size of the model (${model.manifest.files.length} files)` },
      'face.cold.buildMs': ms(median(runs.map((r) => r.cold.buildMs)), 'TF.js model build on the cold start, median'),
      'face.warm.buildMs': ms(median(runs.map((r) => r.warm.buildMs)), 'TF.js model build on the warm start, median'),
      'face.cold.workerScriptMs': ms(median(runs.map((r) => r.cold.workerScriptMs)), "the worker's script (created, module graph with TF.js fetched, parsed, run) on the cold start, median"),
      'face.warm.workerScriptMs': ms(median(runs.map((r) => r.warm.workerScriptMs)), "the worker's script (module graph from the HTTP cache) on the warm start, median"),
      'face.cold.backendStartMs': ms(median(runs.map((r) => backendMs(r.cold))), "TF.js's WASM backend start (and page↔worker messages) on the cold start, median"),
      'face.warm.backendStartMs': ms(median(runs.map((r) => backendMs(r.warm))), "TF.js's WASM backend start (and page↔worker messages) on the warm start, median"),
      'face.firstDetectionMs': ms(median(runs.map((r) => r.warm.firstDetectionMs)), 'first detection after the warm start, median'),
    },
    notes: [
      `Face detector: ${model.manifest.files.map((f) => `${f.name} (${f.size} B)`).join(', ')}; a start is timed in the page from pool.runner(…) to the stage's load report (runner.load()), backend wasm in a module worker; the first detection on ${PHOTO} is run after and not in the start.`,
      'face.store-warm-vs-cold compares only the store\'s load (timed in the worker around ModelSource.load); face.warm-vs-cold the whole start, of which the worker\'s script (face.*.workerScriptMs), TF.js\'s WASM backend start (face.*.backendStartMs) and the model build (face.*.buildMs) are paid on every page load.',
    ],
  };
}
