import { describe, expect, it } from 'vitest';
import {
  createTandem,
  defineSegmentingStage,
  defineStage,
  isStageAbortedError,
  liveSegmenterRunner,
  pipeline,
  raw,
  segmented,
  TraceRecorder,
  type LiveSegment,
  type RemoteTransport,
  type SegmentBoundary,
  type SegmenterStep,
} from '../index.js';
import { capabilities } from './situations.js';

type Live = LiveSegment<Float32Array, { onset: number }, { heard: number }>;

/**
 * A boundary detector like an endpointer: a segment opens at the first non-zero sample (its start
 * one sample earlier: a pre-roll) and closes at the next zero, which it only sees one chunk later.
 */
function zeroCrossingDetector(calls: string[] = []) {
  const streams = new Map<string, { position: number; openAt: number; endAt: number }>();
  return {
    run(step: SegmenterStep<Float32Array>): Promise<{ output: SegmentBoundary<{ onset: number }, { heard: number }>[]; report: { backend: string; runMs: number; modelId: string } }> {
      const report = { backend: 'test-backend', runMs: 1, modelId: 'zero-crossing' };
      let state = streams.get(step.stream);
      if (state === undefined) streams.set(step.stream, (state = { position: 0, openAt: -1, endAt: -1 }));
      const out: SegmentBoundary<{ onset: number }, { heard: number }>[] = [];
      if ('end' in step) {
        calls.push(step.end);
        if (state.openAt >= 0) out.push({ type: 'close', end: state.endAt >= 0 ? state.endAt : state.position, meta: { heard: state.position } });
        streams.delete(step.stream);
        return Promise.resolve({ output: out, report });
      }
      calls.push(`chunk ${state.position}`);
      // The decision about a close comes a chunk late (an endpointer waits for silence).
      if (state.endAt >= 0) {
        out.push({ type: 'close', end: state.endAt, meta: { heard: state.position } });
        state.openAt = -1;
        state.endAt = -1;
      }
      step.chunk.forEach((v, i) => {
        const at = state.position + i;
        if (state.openAt < 0 && v !== 0 && state.endAt < 0) {
          state.openAt = at;
          out.push({ type: 'open', start: Math.max(0, at - 1), meta: { onset: at } });
        } else if (state.openAt >= 0 && v === 0 && state.endAt < 0) state.endAt = at;
      });
      state.position += step.chunk.length;
      return Promise.resolve({ output: out, report });
    },
  };
}

const noTransport: RemoteTransport = { send: () => Promise.reject(new Error('nothing leaves in this test')) };

function setup(history = 4, highWaterMark?: number, calls: string[] = []) {
  const tandem = createTandem({ policy: { version: 'live-1', mode: 'prefer-local' }, transport: noTransport, capabilities: capabilities() });
  const runner = liveSegmenterRunner(zeroCrossingDetector(calls), { history, ...(highWaterMark === undefined ? {} : { highWaterMark }) });
  const endpoint = defineSegmentingStage<Float32Array, Live, 'raw'>({ name: 'endpoint', outputLabel: 'raw', local: { runner }, live: true });
  return { tandem, endpoint };
}

/** Reads a segment's content as it arrives, noting when each piece came relative to the source. */
function readingStage(log: string[], delayMs = 0) {
  return defineStage({
    name: 'read',
    outputLabel: 'raw',
    local: {
      runner: {
        async run(segment: Live) {
          const values: number[] = [];
          for await (const part of segment.content as unknown as AsyncIterable<Float32Array>) {
            log.push(`read ${part.length} at ${segment.start}`);
            values.push(...part);
            if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
          }
          const closed = await segment.closed;
          return { output: { start: segment.start, onset: segment.open.onset, end: closed.end, heard: closed.meta.heard, values }, report: { backend: 'js', runMs: 0 } };
        },
      },
    },
  });
}

function chunksOf(values: number[][], log?: string[]) {
  return (async function* () {
    for (const [i, c] of values.entries()) {
      log?.push(`source ${i}`);
      yield raw(Float32Array.from(c));
    }
  })();
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe('live segments: emitted when they open, fed as the source is read', () => {
  it('gives each segment its content from the pre-roll on, while the source is still being read, and reports the detector as the stage', async () => {
    const { tandem, endpoint } = setup();
    const log: string[] = [];
    const recorder = new TraceRecorder('live');
    const session = segmented('raw', endpoint, pipeline('utterance', 'raw').then(readingStage(log)));
    const outcomes = await collect(tandem.stream(session, chunksOf([[0, 0, 1], [2, 3], [0, 0], [0, 4, 5], [6]], log), { recorder }));
    const values = outcomes.map((o) => (o.status === 'done' ? o.output.value : o.status));
    expect(values).toEqual([
      // Opened at sample 2 (start 1, one sample of pre-roll), closed at the zero at 5, decided a chunk later.
      { start: 1, onset: 2, end: 5, heard: 7, values: [0, 1, 2, 3, 0, 0] },
      // The second opens in the chunk where the first closes; the flush closes it at the end.
      { start: 7, onset: 8, end: 11, heard: 11, values: [0, 4, 5, 6] },
    ]);
    // The first segment was read before the source reached its fourth chunk: it did not wait for the cut.
    expect(log.indexOf('read 1 at 1')).toBeLessThan(log.indexOf('source 3'));
    const rows = recorder.toJSON().stages;
    expect(new Set(rows.filter((r) => r.stage === 'endpoint').map((r) => `${r.backend}/${r.modelId}`))).toEqual(new Set(['test-backend/zero-crossing']));
    expect(rows.filter((r) => r.stage === 'read').map((r) => r.segment)).toEqual([0, 1]);
  });

  it('keeps reading the source while a segment is open even with maxInFlight 1 (an open segment cannot finish without it)', async () => {
    const { tandem, endpoint } = setup();
    const session = segmented('raw', endpoint, pipeline('utterance', 'raw').then(readingStage([])));
    const chunks = [[0, 1], [1], [1], [1], [0, 0], [0, 1], [0, 0], [0]];
    const run = collect(tandem.stream(session, chunksOf(chunks), { maxInFlight: 1 }));
    const outcomes = await Promise.race([run, new Promise<'stalled'>((r) => setTimeout(() => r('stalled'), 2_000))]);
    expect(outcomes).not.toBe('stalled');
    expect((outcomes as Awaited<typeof run>).map((o) => o.status === 'done' && o.output.value.values)).toEqual([
      [0, 1, 1, 1, 1, 0, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('holds the source back while the reader is behind by more than the high-water mark (backpressure, nothing dropped)', async () => {
    const { tandem, endpoint } = setup(4, 4);
    const log: string[] = [];
    const session = segmented('raw', endpoint, pipeline('utterance', 'raw').then(readingStage(log, 30)));
    const chunks = Array.from({ length: 12 }, (_, i) => (i === 11 ? [0, 0] : [1, 1]));
    const outcomes = await collect(tandem.stream(session, chunksOf(chunks, log)));
    // Every sample reached the reader in order …
    expect(outcomes[0]?.status === 'done' && outcomes[0].output.value.values).toEqual([...Array(22).fill(1), 0, 0]);
    // … and the source was never more than a few chunks ahead of it: 3 reads waited before source 6 was asked for.
    const reads = (before: number) => log.slice(0, log.indexOf(`source ${before}`)).filter((l) => l.startsWith('read')).length;
    expect(reads(6)).toBeGreaterThanOrEqual(3);
    expect(reads(11)).toBeGreaterThanOrEqual(8);
  });

  it('errors an open segment\'s content when the stream is cancelled, and the stream throws StageAbortedError', async () => {
    const { tandem, endpoint } = setup();
    const controller = new AbortController();
    const seen: unknown[] = [];
    const reader = defineStage({
      name: 'read',
      outputLabel: 'raw',
      local: {
        runner: {
          async run(segment: Live) {
            try {
              for await (const _ of segment.content as unknown as AsyncIterable<Float32Array>) controller.abort('stop');
            } catch (error) {
              seen.push((error as DOMException).name);
              throw error;
            }
            return { output: 'never', report: { backend: 'js', runMs: 0 } };
          },
        },
      },
    });
    const source = (async function* () {
      yield raw(Float32Array.from([0, 1]));
      // The capture goes on; only the abort ends the stream.
      for (;;) {
        await new Promise((r) => setTimeout(r, 5));
        yield raw(Float32Array.from([1]));
      }
    })();
    const error = await collect(tandem.stream(segmented('raw', endpoint, pipeline('utterance', 'raw').then(reader)), source, { signal: controller.signal })).catch((e: unknown) => e);
    expect(isStageAbortedError(error)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['AbortError']);
  });

  it('says which setting to raise when a segment opens before the history kept', async () => {
    // Chunks of one sample: the open at sample 2 starts at 1, which one unit of history still has …
    const one = setup(1);
    const fine = await collect(one.tandem.stream(segmented('raw', one.endpoint, pipeline('utterance', 'raw').then(readingStage([]))), chunksOf([[0], [0], [3], [0], [0]])));
    expect(fine.map((o) => o.status)).toEqual(['done']);
    // … but none does not: the start lies before the kept history.
    const { tandem, endpoint } = setup(0);
    const outcomes = tandem.stream(segmented('raw', endpoint, pipeline('utterance', 'raw').then(readingStage([]))), chunksOf([[0], [0], [3]]));
    await expect(collect(outcomes)).rejects.toThrow(/raise the live segmenter's history/);
  });
});
