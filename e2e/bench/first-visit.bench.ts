import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAppBuilt } from '../support/speech-translate-app.ts';
import { distWithLanguageModel } from './first-visit-lm.ts';
import { defineBenchmark, type Metric, type SampleSeries } from './contract.ts';
import { firstVisit, serveApp, type FirstVisit, type ServedApp } from './first-visit-run.ts';

/**
 * Issue #18: what a person downloads before they can speak, and what the origin then holds. A
 * fresh on-disk Chromium profile opens the production build of the demo PWA served by its own
 * server (first-visit-run.ts), until the app is ready to listen and every first-visit transfer
 * has ended (the service worker's precache and the model store's downloads included). Four ways
 * of serving the same sources, visited in turn, round after round:
 *
 * - `shipped`: the build as it ships (the VAD's wasm stage loads ORT's plain threaded binary;
 *   the asyncify one is not precached), server compressing (brotli, as Chromium asks for it);
 * - `plain-identity`: the same build, server not compressing;
 * - `asyncify-compressed`: built with VITE_TANDEM_ORT_WASM=asyncify (ORT's WebGPU-capable
 *   binary loaded and precached, as before #18), server compressing;
 * - `before`: that build without compression: the first visit as it was before #18;
 * - `shipped-pruned-lm`, when TANDEM_BENCH_PRUNED_LM names a pruned en-us LM (made by
 *   e2e/bench/experiments/lm-pruning.ts): the shipped build and serving with that LM in the
 *   ASR bundle (a copy of the build; the shared assets are not touched).
 *
 * MB here are 10^6 bytes (the issue's 68.5 MB / 70 MB were measured that way).
 */
const MB = 1e6;

interface Variant {
  name: 'shipped' | 'plain-identity' | 'asyncify-compressed' | 'before' | 'shipped-pruned-lm';
  asyncify: boolean;
  compression: boolean;
  description: string;
}

const VARIANTS: Variant[] = [
  { name: 'before', asyncify: true, compression: false, description: 'asyncify ORT binary, no compression (before #18)' },
  { name: 'shipped', asyncify: false, compression: true, description: 'plain ORT binary for the wasm stage, brotli/gzip' },
  { name: 'plain-identity', asyncify: false, compression: false, description: 'plain ORT binary, no compression' },
  { name: 'asyncify-compressed', asyncify: true, compression: true, description: 'asyncify ORT binary, brotli/gzip' },
];
const PRUNED_LM = process.env.TANDEM_BENCH_PRUNED_LM;
const PRUNED: Variant = { name: 'shipped-pruned-lm', asyncify: false, compression: true, description: `as shipped, with the pruned LM ${PRUNED_LM ?? ''}` };

const mb = (bytes: number) => bytes / MB;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export default defineBenchmark({
  id: 'first-visit',
  title: 'First visit of the demo PWA: bytes on the wire, origin storage and time to ready, compression on/off × plain/asyncify ORT binary',
  goals: [
    { metric: 'shipped.wireBytes', op: '<=', target: 35 * MB, text: 'first-visit bytes on the wire ≤ 35 MB (was 68.5 MB)' },
    { metric: 'shipped.storageBytes', op: '<=', target: 45 * MB, text: 'origin storage after the first visit ≤ 45 MB (was 70 MB)' },
    { metric: 'shipped.warm.modelRequests', op: '==', target: 0, text: 'warm visit: 0 model files fetched' },
  ],
  timeoutMs: 25 * 60_000,
  async run(ctx) {
    ctx.log('building the app (as shipped, and with VITE_TANDEM_ORT_WASM=asyncify)…');
    const dists = { plain: ensureAppBuilt(), asyncify: ensureAppBuilt({ VITE_TANDEM_ORT_WASM: 'asyncify' }) };
    if (PRUNED_LM !== undefined && !existsSync(PRUNED_LM)) throw new Error(`TANDEM_BENCH_PRUNED_LM=${PRUNED_LM}: no such file`);
    const variants = PRUNED_LM ? [...VARIANTS, PRUNED] : VARIANTS;
    const pruned = PRUNED_LM ? distWithLanguageModel(dists.plain, PRUNED_LM, join(ctx.outputDir, 'dist-pruned-lm')) : undefined;
    const served = new Map<Variant['name'], ServedApp>();
    const visits = new Map<Variant['name'], FirstVisit[]>(variants.map((v) => [v.name, []]));
    try {
      for (const v of variants) served.set(v.name, await serveApp(v.name, v.name === 'shipped-pruned-lm' ? pruned! : v.asyncify ? dists.asyncify : dists.plain, v.compression));
      const rounds = ctx.repeats(2);
      for (let round = 0; round < rounds; round++) {
        // Alternate the order so no variant always pays the machine's "first" cost.
        const order = round % 2 === 0 ? variants : [...variants].reverse();
        for (const v of order) {
          const visit = await firstVisit(served.get(v.name)!, ctx.log);
          visits.get(v.name)!.push(visit);
          ctx.log(`round ${round + 1}/${rounds} ${v.name}: ${mb(visit.wireBytes).toFixed(1)} MB on the wire, ${mb(visit.storage.usage).toFixed(1)} MB stored, ready ${visit.readyMs.toFixed(0)} ms, settled ${visit.settledMs.toFixed(0)} ms`);
        }
      }
    } finally {
      for (const s of served.values()) await s.close();
    }

    const series = (name: Variant['name'], pick: (v: FirstVisit) => number, unit: SampleSeries['unit'], label: string): SampleSeries => ({
      name: `${name}: ${label}`,
      unit,
      samples: visits.get(name)!.map(pick),
    });
    const metrics: Record<string, Metric> = {};
    for (const v of variants) {
      const vs = visits.get(v.name)!;
      const m = (pick: (x: FirstVisit) => number) => median(vs.map(pick));
      metrics[`${v.name}.wireBytes`] = { value: m((x) => x.wireBytes), unit: 'bytes', description: `bytes the server sent on the wire, headers included — ${v.description}` };
      metrics[`${v.name}.storageBytes`] = { value: m((x) => x.storage.usage), unit: 'bytes', description: `bytes the origin holds after the visit (navigator.storage.estimate) — ${v.description}` };
      metrics[`${v.name}.cacheStorageBytes`] = { value: m((x) => x.storage.caches), unit: 'bytes', description: `of which Cache Storage (the service worker's precache) — ${v.description}` };
      metrics[`${v.name}.indexedDbBytes`] = { value: m((x) => x.storage.indexedDB), unit: 'bytes', description: `of which IndexedDB (the model store) — ${v.description}` };
      metrics[`${v.name}.readyMs`] = { value: m((x) => x.readyMs), unit: 'ms', description: `navigation → the app ready to listen (loopback) — ${v.description}` };
      metrics[`${v.name}.settledMs`] = { value: m((x) => x.settledMs), unit: 'ms', description: `navigation → every first-visit transfer ended (precache, models) — ${v.description}` };
      metrics[`${v.name}.warm.wireBytes`] = { value: m((x) => x.warm.wireBytes), unit: 'bytes', description: `a reload in the same profile: bytes the server sent — ${v.description}` };
      metrics[`${v.name}.warm.modelRequests`] = { value: m((x) => x.warm.modelRequests), unit: 'count', description: `a reload: requests for model files (manifests aside) that reached the server — ${v.description}` };
      metrics[`${v.name}.warm.manifestRequests`] = { value: m((x) => x.warm.manifestRequests), unit: 'count', description: `a reload: bundle manifests fetched (the store revalidates them) — ${v.description}` };
      metrics[`${v.name}.warm.readyMs`] = { value: m((x) => x.warm.readyMs), unit: 'ms', description: `a reload: navigation → ready — ${v.description}` };
      metrics[`${v.name}.requests`] = { value: m((x) => x.requests), unit: 'count', description: `HTTP requests on the wire — ${v.description}` };
    }

    // Shipped vs before, side by side per round (same round, back to back).
    const comparisons = [
      ctx.compare('wire-bytes', series('before', (x) => x.wireBytes, 'bytes', 'bytes on the wire'), series('shipped', (x) => x.wireBytes, 'bytes', 'bytes on the wire')),
      ctx.compare('storage', series('before', (x) => x.storage.usage, 'bytes', 'origin storage'), series('shipped', (x) => x.storage.usage, 'bytes', 'origin storage')),
      ctx.compare('time-to-ready', series('before', (x) => x.readyMs, 'ms', 'navigation → ready'), series('shipped', (x) => x.readyMs, 'ms', 'navigation → ready')),
      ctx.compare('time-to-settled', series('before', (x) => x.settledMs, 'ms', 'navigation → all transfers done'), series('shipped', (x) => x.settledMs, 'ms', 'navigation → all transfers done')),
    ];

    // The largest responses of the shipped visit and of the one before, for the README's breakdown.
    const largest = (name: Variant['name']) =>
      visits
        .get(name)![0]!.responses.slice()
        .sort((a, b) => b.bodyBytes - a.bodyBytes)
        .slice(0, 6)
        .map((r) => `${new URL(r.url).pathname.split('/').pop()} ${mb(r.bodyBytes).toFixed(2)} MB${r.encoding ? ` ${r.encoding}` : ''}${r.fromServiceWorker ? ' (sw)' : ''}`)
        .join(', ');
    writeFileSync(join(ctx.outputDir, 'first-visit-responses.json'), JSON.stringify(Object.fromEntries(visits), null, 2));
    const shipped = visits.get('shipped')![0]!;
    const asyncifyFetched = shipped.responses.some((r) => r.url.includes('ort-wasm-simd-threaded.asyncify'));
    return {
      comparisons,
      metrics,
      notes: [
        'Fresh on-disk profile per visit (launchPersistentContext), Chromium headless, app server on 127.0.0.1 behind a byte-counting TCP proxy (wire bytes = everything the server sent: status lines, headers, bodies), no throttling. The translate function is not started: a first visit does not call it.',
        'Compressing servers have made their encoded bodies before the visits (as a deployment serves precompressed files).',
        `shipped visit fetched the asyncify binary: ${asyncifyFetched ? 'YES (unexpected)' : 'no'}`,
        PRUNED_LM ? `shipped-pruned-lm: the ASR bundle's en-us.lm.bin replaced by ${PRUNED_LM} (see the speech package README for its WER)` : 'shipped-pruned-lm not run (set TANDEM_BENCH_PRUNED_LM to a pruned LM from e2e/bench/experiments/lm-pruning.ts)',
        `largest responses, shipped (Playwright's encoded body sizes; page, workers, service worker): ${largest('shipped')}`,
        `largest responses, before: ${largest('before')}`,
      ],
    };
  },
});
