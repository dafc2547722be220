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

async function transcribeUrl(url: string, chunkSeconds = 0.25, silenceSeconds = 0): Promise<UtteranceRun> {
  const asr = await ready();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const decoded = await decodeAudioFile(await response.arrayBuffer());
  const lead = Math.round(silenceSeconds * 16_000);
  // The padding is a recording's noise floor (±1 LSB of 16-bit, as sox's dither leaves), not
  // digital zeros: the decoder's silence removal behaves differently on exact zeros.
  const padded = new Float32Array(2 * lead + decoded.value.length);
  let seed = 1;
  for (let i = 0; i < padded.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) >>> 0;
    padded[i] = ((seed >>> 16) / 65_536 - 0.5) * (2 / 32_768);
  }
  padded.set(decoded.value, lead);
  const audio = { value: padded };
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
    const manifest = (await (await fetch(MODEL)).json()) as { files: { url: string; sha256: string }[] };
    // Flip one base64 character of the first hash; file URLs made absolute (the copy is a Blob).
    const files = manifest.files.map((f, i) => ({
      ...f,
      url: new URL(f.url, new URL(MODEL, location.href)).href,
      sha256: i > 0 ? f.sha256 : `sha256-${f.sha256[7] === 'A' ? 'B' : 'A'}${f.sha256.slice(8)}`,
    }));
    const url = URL.createObjectURL(new Blob([JSON.stringify({ ...manifest, files })], { type: 'application/json' }));
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
