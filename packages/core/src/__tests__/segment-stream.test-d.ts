import { describe, expectTypeOf, it } from 'vitest';
import {
  createTandem,
  defineSanitizer,
  defineSanitizerStage,
  defineSegmentingStage,
  defineStage,
  personal,
  pipeline,
  raw,
  segmented,
  type Labelled,
  type RemoteTransport,
  type RunReport,
  type SegmentOutcome,
  type SegmenterStep,
  type StageRunner,
} from '../index.js';

declare const transport: RemoteTransport;
declare const report: RunReport;
const runner = <I, O>(f: (i: I) => O): StageRunner<I, O> => ({ run: (i) => Promise.resolve({ output: f(i), report }) });

interface Utterance {
  readonly audio: Float32Array;
  readonly startMs: number;
}

declare const endpointRunner: StageRunner<SegmenterStep<Float32Array>, readonly Utterance[]>;
const endpoint = defineSegmentingStage<Float32Array, Utterance, 'raw'>({ name: 'endpoint', outputLabel: 'raw', local: { runner: endpointRunner } });
const transcribe = defineStage({ name: 'transcribe', outputLabel: 'personal', local: { runner: runner((u: Utterance) => `${u.startMs}`) } });
const transcribeClip = defineStage({ name: 'transcribe-clip', outputLabel: 'personal', local: { runner: runner((a: Float32Array) => `${a.length}`) } });
const redact = defineSanitizerStage({ name: 'redact', sanitizer: defineSanitizer({ name: 'r', sanitize: (s: string) => s }) });
const translateRemote = defineStage<string, string, 'sanitized'>({ name: 'translate', outputLabel: 'sanitized', remote: { endpoint: 'https://fn.example/mt', region: 'eu' } });
const describeClip = defineStage<Utterance, string, 'public'>({ name: 'describe', outputLabel: 'public', remote: { endpoint: 'https://fn.example/d', region: 'eu' } });

declare const chunks: AsyncIterable<Labelled<Float32Array, 'raw'>>;
declare function micChunks(signal: AbortSignal): AsyncIterable<Float32Array>;
declare function show(index: number, text: string): void;
declare function showError(index: number, error: unknown): void;

describe('segmented pipelines in the types', () => {
  it('carries the chunk, segment, output and label types through tandem.stream', () => {
    const session = segmented('raw', endpoint, pipeline('utterance', 'raw').then(transcribe).then(redact).then(translateRemote));
    const tandem = createTandem({ policy: { version: '1' }, transport, capabilities: {} as never });
    const outcomes = tandem.stream(session, chunks);
    expectTypeOf(outcomes).toEqualTypeOf<AsyncGenerator<SegmentOutcome<Utterance, string, 'sanitized'>, void, void>>();
    type Done = Extract<SegmentOutcome<Utterance, string, 'sanitized'>, { status: 'done' }>;
    expectTypeOf<Done['output']>().toEqualTypeOf<Labelled<string, 'sanitized'>>();
    expectTypeOf<Done['segment']['value']>().toEqualTypeOf<Utterance>();
  });

  it('does not compile when the pipeline does not take the segment type', () => {
    // @ts-expect-error the endpointer emits utterances; this pipeline takes bare audio
    segmented('raw', endpoint, pipeline('utterance', 'raw').then(transcribeClip));
  });

  it('does not compile a pipeline declared for a lower label than the segments carry', () => {
    // @ts-expect-error raw utterances into a pipeline declared public: its remote stage would get raw audio
    segmented('raw', endpoint, pipeline('utterance', 'public').then(describeClip));
    // @ts-expect-error nor can a raw utterance go straight to a remote-only stage
    segmented('raw', endpoint, pipeline('utterance', 'raw').then(describeClip));
  });

  it('does not compile a source of the wrong chunk type or label', () => {
    const session = segmented('raw', endpoint, pipeline('utterance', 'raw').then(transcribe));
    const tandem = createTandem({ policy: { version: '1' }, transport, capabilities: {} as never });
    const strings = (async function* () {
      yield raw('not audio');
    })();
    // @ts-expect-error the segmenter takes Float32Array chunks
    void tandem.stream(session, strings);
    const personalChunks = (async function* () {
      yield personal(new Float32Array(4));
    })();
    // @ts-expect-error the session was declared for raw chunks
    void tandem.stream(session, personalChunks);
  });

  it('type-checks the README example', () => {
    const redactStage = redact;
    const translate = defineStage<string, string, 'sanitized'>({ name: 'translate', outputLabel: 'sanitized', remote: { endpoint: 'https://fn.example/mt', region: 'eu' }, local: { runner: runner((t: string) => t) } });
    const tandem = createTandem({ policy: { version: '1' }, transport, capabilities: {} as never });
    const session = segmented('raw', endpoint, pipeline('utterance', 'raw').then(transcribe).then(redactStage).then(translate));
    const stop = new AbortController();
    async function* chunks() {
      for await (const c of micChunks(stop.signal)) yield raw(c);
    }
    void (async () => {
      for await (const u of tandem.stream(session, chunks(), { signal: stop.signal, maxInFlight: 2 })) {
        if (u.status === 'done') show(u.index, u.output.value);
        else if (u.status === 'deferred') void u.completion.then((r) => show(u.index, r.output.value));
        else showError(u.index, u.error);
      }
    })();
  });
});
