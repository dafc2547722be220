import {
  createPocketSphinxEngine,
  decodeAudioFile,
  startMicrophone,
  type AsrEvent,
  type PocketSphinxEngine,
} from '@tandem/speech';
import type { AsrPageApi, TimedPartial, UtteranceRun } from './protocol.ts';

const RUNTIME = '/models/pocketsphinx-wasm/manifest.json';
const MODEL = '/models/pocketsphinx-en-us/manifest.json';

let engine: PocketSphinxEngine | undefined;

function newWorker(): Worker {
  return new Worker(new URL('./asr.worker.ts', import.meta.url), { type: 'module', name: 'asr' });
}

async function ready(): Promise<PocketSphinxEngine> {
  engine ??= await createPocketSphinxEngine({ worker: newWorker(), runtimeManifestUrl: RUNTIME, modelManifestUrl: MODEL });
  return engine;
}

async function transcribeUrl(url: string, chunkSeconds = 0.25): Promise<UtteranceRun> {
  const asr = await ready();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const audio = await decodeAudioFile(await response.arrayBuffer());
  const partials: TimedPartial[] = [];
  let finalAt = Number.NaN;
  const t0 = performance.now();
  const unsubscribe = asr.subscribe((event: AsrEvent) => {
    if (event.type === 'partial') partials.push({ text: event.partial.text, at: performance.now() - t0 });
    else finalAt = performance.now() - t0;
  });
  try {
    const step = Math.round(chunkSeconds * 16_000);
    await asr.start();
    const fed: Promise<void>[] = [];
    for (let i = 0; i < audio.value.length; i += step) fed.push(asr.feed(audio.value.slice(i, i + step)));
    await Promise.all(fed);
    const result = await asr.end();
    return { result, partials, finalAt, wallMs: performance.now() - t0 };
  } finally {
    unsubscribe();
  }
}

window.asr = {
  async load() {
    const asr = await ready();
    return { loaded: asr.loaded, loadMs: asr.info.loadMs };
  },
  transcribeUrl,
  async transcribeMicrophone(seconds) {
    const asr = await ready();
    let peak = 0;
    let samples = 0;
    let partials = 0;
    const unsubscribe = asr.subscribe((e) => {
      if (e.type === 'partial') partials++;
    });
    await asr.start();
    const fed: Promise<void>[] = [];
    const mic = await startMicrophone({
      onAudio: (chunk) => {
        for (const s of chunk.value) peak = Math.max(peak, Math.abs(s));
        samples += chunk.value.length;
        fed.push(asr.feed(chunk.value));
      },
    });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await mic.stop();
    await Promise.all(fed);
    const result = await asr.end();
    unsubscribe();
    return { text: result.text, inputSampleRate: mic.inputSampleRate, audioSeconds: samples / 16_000, peak, partials };
  },
  async loadWithBrokenManifest() {
    const manifest = (await (await fetch(MODEL)).json()) as { files: { sha256: string }[] };
    const first = manifest.files[0]!;
    first.sha256 = first.sha256.startsWith('sha256-A') ? first.sha256.replace('sha256-A', 'sha256-B') : `sha256-A${first.sha256.slice(8)}`;
    const url = URL.createObjectURL(new Blob([JSON.stringify({ ...manifest, files: manifest.files.map((f) => ({ ...f, url: new URL(`/models/pocketsphinx-en-us/${(f as { url: string }).url}`, location.href).href })) })], { type: 'application/json' }));
    try {
      await createPocketSphinxEngine({ worker: newWorker(), runtimeManifestUrl: RUNTIME, modelManifestUrl: url });
      return { name: 'none', message: 'loaded despite a wrong hash' };
    } catch (error) {
      const e = error as Error & { code?: string };
      return { name: e.name, ...(e.code ? { code: e.code } : {}), message: e.message };
    } finally {
      URL.revokeObjectURL(url);
    }
  },
} satisfies AsrPageApi;

document.getElementById('status')!.textContent = 'ready';
