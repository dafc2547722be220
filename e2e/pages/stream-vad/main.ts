/**
 * The page the streaming-VAD spec drives: a real Tandem streams audio chunks through the Silero
 * endpointer (in a worker) as a segmenting stage, and each utterance through an on-device stage
 * that measures it (`run`, `listen` from the microphone) or through PocketSphinx in its worker
 * (`transcribe`). Exposed as
 * `window.streamVad`; results cross back as plain JSON.
 */
import {
  TraceRecorder,
  createTandem,
  defineSegmentingStage,
  defineStage,
  pipeline,
  raw,
  segmented,
  type Pipeline,
  type Raw,
  type RemoteTransport,
  type SegmenterStep,
} from '@tandem/core';
import { createPocketSphinxEngine, liveSpeechStages, openMicrophoneStream, transcribe as decode, type PocketSphinxEngine } from '@tandem/speech';
import { speechBoundaryHistory, type EndpointerOptions, type SpeechBoundary, type SpeechClose, type SpeechOpen, type Utterance } from '@tandem/runtime-onnx';
import { createWorkerPool, probeCapabilities } from '@tandem/worker';
import type { StreamVadConfig } from './endpointer.worker.ts';

const pool = createWorkerPool({
  createWorker: (model) => new Worker(new URL('./endpointer.worker.ts', import.meta.url), { type: 'module', name: model }),
});

/** Nothing here may leave the device; a transport that is called fails the run. */
const noTransport: RemoteTransport = { send: () => Promise.reject(new Error('no remote stage in this page')) };

export interface StreamVadRequest {
  audio: number[];
  /** Chunk sizes in samples, used in turn; one size ≥ the clip feeds it whole. */
  chunkSizes: number[];
  endpointer?: Partial<EndpointerOptions>;
  /** Worker pool key: a fresh key is a fresh worker. */
  model: string;
}

export interface StreamedUtterance {
  index: number;
  startMs: number;
  endMs: number;
  speechStartMs: number;
  speechEndMs: number;
  onsetSample: number;
  samples: number;
  endedBy: Utterance['endedBy'];
}

function* split(audio: Float32Array, sizes: number[]): Generator<Float32Array> {
  let at = 0;
  for (let i = 0; at < audio.length; i++) {
    const size = sizes[i % sizes.length]!;
    yield audio.slice(at, at + size);
    at += size;
  }
}

/** What each utterance becomes in this page: its cut, and its words when transcribed. */
type Measured = Omit<StreamedUtterance, 'index'> & { text?: string };

function measured(u: Utterance, text?: string): Measured {
  const { startMs, endMs, speechStartMs, speechEndMs, onsetSample, endedBy } = u;
  return { startMs, endMs, speechStartMs, speechEndMs, onsetSample, samples: u.audio.length, endedBy, ...(text === undefined ? {} : { text }) };
}

const measure = defineStage({
  name: 'measure',
  outputLabel: 'raw',
  local: { runner: { run: (u: Utterance) => Promise.resolve({ output: measured(u), report: { backend: 'js', runMs: 0 } }) } },
});

let recogniser: Promise<PocketSphinxEngine> | undefined;

/** PocketSphinx in its worker (the asr page's), runtime and model from a model store. */
function openRecogniser(): Promise<PocketSphinxEngine> {
  recogniser ??= createPocketSphinxEngine({
    worker: new Worker(new URL('../asr/asr.worker.ts', import.meta.url), { type: 'module', name: 'asr' }),
    runtimeManifestUrl: '/models/pocketsphinx-wasm/manifest.json',
    modelManifestUrl: '/models/pocketsphinx-en-us/manifest.json',
  });
  return recogniser;
}

function transcribeStage() {
  void openRecogniser();
  return defineStage({
    name: 'transcribe',
    outputLabel: 'personal',
    local: {
      runner: {
        async run(u: Utterance) {
          const started = performance.now();
          const result = await decode(await recogniser!, u.audio);
          return { output: measured(u, result.text), report: { backend: 'wasm', runMs: performance.now() - started, modelId: 'pocketsphinx-en-us' } };
        },
      },
    },
  });
}

async function run(request: StreamVadRequest) {
  return streamClip(request, pipeline('utterance', 'raw').then(measure));
}

async function transcribe(request: StreamVadRequest) {
  return streamClip(request, pipeline('utterance', 'raw').then(transcribeStage()));
}

async function streamClip<L extends 'raw' | 'personal'>(request: StreamVadRequest, perUtterance: Pipeline<Utterance, Measured, 'raw', L>) {
  const audio = Float32Array.from(request.audio);
  async function* chunks() {
    for (const chunk of split(audio, request.chunkSizes)) yield raw(chunk);
  }
  return { ...(await streamThrough(chunks(), request, perUtterance)), chunks: [...split(audio, request.chunkSizes)].length };
}

/**
 * Listens to the microphone (Chromium's fake capture in the spec) for `seconds` through
 * @tandem/speech's microphone stream, a Web ReadableStream handed to `tandem.stream` as it is.
 */
async function listen(request: { seconds: number; model: string; endpointer?: Partial<EndpointerOptions> }) {
  const mic = await openMicrophoneStream();
  let samples = 0;
  const counted = mic.stream.pipeThrough(
    new TransformStream<Raw<Float32Array>, Raw<Float32Array>>({
      transform: (chunk, out) => {
        samples += chunk.value.length;
        out.enqueue(chunk);
      },
    }),
  );
  setTimeout(() => void mic.stop(), request.seconds * 1000);
  const result = await streamThrough(counted, request, pipeline('utterance', 'raw').then(measure));
  return { ...result, samples, inputSampleRate: mic.inputSampleRate };
}

async function streamThrough<L extends 'raw' | 'personal'>(
  source: AsyncIterable<Raw<Float32Array>> | ReadableStream<Raw<Float32Array>>,
  request: Pick<StreamVadRequest, 'model' | 'endpointer'>,
  perUtterance: Pipeline<Utterance, Measured, 'raw', L>,
) {
  const config: StreamVadConfig = { manifest: '/models/silero-vad/manifest.json', backend: 'wasm', ...(request.endpointer && { endpointer: request.endpointer }) };
  const runner = pool.runner<SegmenterStep<Float32Array>, readonly Utterance[]>({ model: request.model, stage: 'endpointer', config });
  const endpoint = defineSegmentingStage<Float32Array, Utterance, 'raw'>({ name: 'endpoint', outputLabel: 'raw', local: { runner, modelId: 'silero-vad' } });
  const capabilities = await probeCapabilities();
  const tandem = createTandem({ policy: { version: 'stream-vad', mode: 'prefer-local' }, transport: noTransport, capabilities });
  const session = segmented('raw', endpoint, perUtterance);
  const recorder = new TraceRecorder('stream-vad');
  const utterances: (StreamedUtterance & { text?: string })[] = [];
  const started = performance.now();
  for await (const outcome of tandem.stream(session, source, { recorder, stageTimeoutMs: 180_000 })) {
    if (outcome.status !== 'done') throw new Error(`utterance ${outcome.index}: ${outcome.status}`);
    utterances.push({ index: outcome.index, ...outcome.output.value });
  }
  const rows = recorder.toJSON().stages;
  const endpointRows = rows.filter((r) => r.stage === 'endpoint');
  const last = endpointRows.at(-1) as (typeof rows)[number] & { framesRun?: number; framesHeard?: number };
  return {
    utterances,
    framesRun: last.framesRun,
    framesHeard: last.framesHeard,
    endpointCalls: endpointRows.length,
    chunkIndexes: endpointRows.map((r) => r.chunk ?? null),
    endpointPlacements: [...new Set(endpointRows.map((r) => `${r.placement}/${r.backend}/${r.inputLabel}`))],
    segmentRows: rows.filter((r) => r.segment !== undefined).map((r) => [r.stage, r.segment, r.placement]),
    errors: rows.filter((r) => r.error !== undefined).length,
    elapsedMs: performance.now() - started,
  };
}

/** One live utterance as `live` reports it. */
export interface LiveHeard {
  index: number;
  start: number;
  onsetSample: number;
  close: SpeechClose;
  text: string;
  partials: number;
  /** Partials the decode formed before it had heard the end of the speech: words shown before the cut. */
  partialsBeforeSpeechEnd: number;
  tailMs: number;
  audioSeconds: number;
}

/**
 * Live utterances: the Silero boundary detector in the worker opens each utterance once it is
 * sure of it, PocketSphinx decodes it as the chunks arrive (one decode, partials from it), and
 * the cut leaves only the end of the search. Chunks come paced at `realtime` × real time (0: as
 * fast as they are taken).
 */
async function live(request: StreamVadRequest & { realtime?: number }) {
  const asr = await openRecogniser();
  const config: StreamVadConfig = { manifest: '/models/silero-vad/manifest.json', backend: 'wasm', ...(request.endpointer && { endpointer: request.endpointer }) };
  const boundaries = pool.runner<SegmenterStep<Float32Array>, readonly SpeechBoundary[]>({ model: request.model, stage: 'boundaries', config });
  const speech = liveSpeechStages<SpeechOpen, SpeechClose>({ boundaries, history: speechBoundaryHistory(request.endpointer), asr, vadModel: { id: 'silero-vad' } });
  const capabilities = await probeCapabilities();
  const tandem = createTandem({ policy: { version: 'stream-vad', mode: 'prefer-local' }, transport: noTransport, capabilities });
  const session = segmented('raw', speech.endpoint, pipeline('utterance', 'raw').then(speech.transcribe));
  const recorder = new TraceRecorder('stream-vad-live');
  const audio = Float32Array.from(request.audio);
  const pace = request.realtime ?? 0;
  async function* chunks() {
    for (const chunk of split(audio, request.chunkSizes)) {
      if (pace > 0) await new Promise((r) => setTimeout(r, (chunk.length / 16) * pace));
      yield raw(chunk);
    }
  }
  // The engine decodes one utterance at a time: its partials up to a final belong to that utterance.
  const partialsOf: number[][] = [];
  let current: number[] = [];
  const unsubscribe = asr.subscribe((event) => {
    if (event.type === 'partial') current.push(event.partial.audioSeconds);
    else {
      partialsOf.push(current);
      current = [];
    }
  });
  const started = performance.now();
  const heard: LiveHeard[] = [];
  try {
    for await (const outcome of tandem.stream(session, chunks(), { recorder, stageTimeoutMs: 180_000 })) {
      if (outcome.status !== 'done') throw new Error(`utterance ${outcome.index}: ${outcome.status === 'failed' ? String(outcome.error) : outcome.status}`);
      const u = outcome.segment.value;
      const closed = await u.closed;
      const row = outcome.trace.stages.find((t) => t.stage === 'transcribe') as { tailMs?: number; audioSeconds?: number } | undefined;
      const partials = partialsOf[outcome.index] ?? [];
      const speechEndS = closed.meta.speechEndMs / 1000 - u.start / 16_000;
      heard.push({
        index: outcome.index,
        start: u.start,
        onsetSample: u.open.onsetSample,
        close: closed.meta,
        text: outcome.output.value,
        partials: partials.length,
        partialsBeforeSpeechEnd: partials.filter((s) => s < speechEndS).length,
        tailMs: row?.tailMs ?? -1,
        audioSeconds: row?.audioSeconds ?? -1,
      });
    }
  } finally {
    unsubscribe();
  }
  const rows = recorder.toJSON().stages;
  const endpointRows = rows.filter((r) => r.stage === 'vad') as ((typeof rows)[number] & { framesRun?: number; framesHeard?: number })[];
  return {
    utterances: heard,
    framesRun: endpointRows.at(-1)?.framesRun,
    framesHeard: endpointRows.at(-1)?.framesHeard,
    endpointPlacements: [...new Set(endpointRows.map((r) => `${r.placement}/${r.backend}/${r.inputLabel}/${r.modelId}`))],
    segmentRows: rows.filter((r) => r.segment !== undefined).map((r) => [r.stage, r.segment, r.placement]),
    errors: rows.filter((r) => r.error !== undefined).length,
    elapsedMs: performance.now() - started,
  };
}

const streamVad = { run, transcribe, listen, live };

declare global {
  interface Window {
    streamVad: typeof streamVad;
  }
}

window.streamVad = streamVad;
document.getElementById('status')!.textContent = 'ready';
