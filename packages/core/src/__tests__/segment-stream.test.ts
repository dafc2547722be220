import { describe, expect, it } from 'vitest';
import {
  RingBufferAuditLog,
  createTandem,
  defineStage,
  isPrivacyViolationError,
  isStageAbortedError,
  isValidationError,
  RemoteUnavailableError,
  pipeline,
  raw,
  segmented,
  type PlacementPolicyInput,
  type RemoteRequest,
  type RemoteResponse,
  type RemoteTransport,
  type SegmentOutcome,
  type SegmenterStep,
  type Stage,
} from '../index.js';
import { RecordingTransport } from './recording-transport.js';
import { capabilities } from './situations.js';
import { redact, translateRemoteOnly, translateStage } from './speech-stages.js';
import { LevelSegmenter, countingSource, fakeTranscribe, levelEndpointer, type Heard } from './stream-stages.js';

function setup(policy: Partial<PlacementPolicyInput> = {}) {
  const transport = new RecordingTransport((r) => `es: ${String(r.payload)}`);
  const audit = new RingBufferAuditLog(64);
  let clock = 1_000;
  const tandem = createTandem({ policy: { version: 's-1', ...policy }, transport, capabilities: capabilities(), audit, now: () => (clock += 1) });
  return { tandem, transport, audit };
}

/** Three utterances (levels between zeros), cut across chunk boundaries on purpose. */
const CHUNKS: readonly (readonly number[])[] = [[0, 1, 2], [3, 0, 0], [4], [5, 0, 6], [7]];

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

describe('tandem.stream: a segmenting stage in front of a pipeline', () => {
  it('runs every segment through the rest in order; only sanitized text leaves; the trace shows every chunk and every stage per segment', async () => {
    const { tandem, transport, audit } = setup({ mode: 'prefer-remote' });
    const steps: SegmenterStep<readonly number[]>[] = [];
    const session = segmented('raw', levelEndpointer(steps), pipeline('utterance', 'raw').then(fakeTranscribe()).then(redact).then(translateStage()));
    const { iterable } = countingSource(CHUNKS, raw);
    const decisions: string[] = [];
    const outcomes = await collect(tandem.stream(session, iterable, { onDecision: (d) => decisions.push(`${d.stage}:${d.ranOn ?? '-'}`) }));

    expect(outcomes.map((o) => [o.index, o.status, o.status === 'done' ? o.output.value : undefined])).toEqual([
      [0, 'done', 'es: said 1 2 3 at 1'],
      [1, 'done', 'es: said 4 5 at 6'],
      // The source ended mid-utterance: the flush emits it.
      [2, 'done', 'es: said 6 7 at 9'],
    ]);
    expect(outcomes.map((o) => o.segment.label)).toEqual(['raw', 'raw', 'raw']);
    expect(outcomes[0]?.status === 'done' && outcomes[0].output).toMatchObject({ label: 'sanitized', sanitizer: 'redact' });
    // Five chunks then the flush, each a call of the segmenting stage; its state was freed after.
    expect(steps.map((s) => ('end' in s ? s.end : s.chunk.length))).toEqual([3, 3, 1, 3, 1, 'flush']);
    expect(transport.calls.map((c) => [c.stage, c.label])).toEqual([['translate', 'sanitized'], ['translate', 'sanitized'], ['translate', 'sanitized']]);

    // The segmenter is placed once per stream (its state lives where it runs), on the device.
    expect(decisions.filter((d) => d.startsWith('endpoint'))).toHaveLength(1);
    const endpointRecord = audit.records().find((r) => r.stage === 'endpoint');
    expect(endpointRecord).toMatchObject({ ranOn: 'local', rule: 'privacy:label', inputLabel: 'raw' });
    // Every other stage is placed per segment: 3 segments × 3 stages.
    expect(decisions.filter((d) => !d.startsWith('endpoint'))).toHaveLength(9);

    const done = outcomes[1]!;
    expect(done.status === 'done' && done.trace.stages.map((s) => s.stage)).toEqual(['transcribe', 'redact', 'translate']);
  });

  it('records the session trace: the segmenter per chunk (chunk index) and each segment\'s stages (segment index)', async () => {
    const { tandem } = setup({ mode: 'prefer-remote' });
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()).then(redact).then(translateStage()));
    const { TraceRecorder } = await import('../index.js');
    const recorder = new TraceRecorder('session');
    await collect(tandem.stream(session, countingSource(CHUNKS, raw).iterable, { recorder }));
    const rows = recorder.toJSON().stages.map((s) => [s.stage, s.chunk ?? null, s.segment ?? null, s.placement, s.inputLabel, s.outputLabel]);
    const segmenterRows = rows.filter(([stage]) => stage === 'endpoint');
    // 5 chunks + the flush (no chunk index), all raw in, raw out, on the device.
    expect(segmenterRows.map((r) => r[1])).toEqual([0, 1, 2, 3, 4, null]);
    expect(new Set(segmenterRows.map((r) => `${r[3]} ${r[4]} ${r[5]}`))).toEqual(new Set(['local raw raw']));
    for (const segment of [0, 1, 2]) {
      expect(rows.filter((r) => r[2] === segment).map((r) => `${r[0]} ${r[3]} ${r[4]}→${r[5]}`)).toEqual([
        'transcribe local raw→personal',
        'redact local personal→sanitized',
        'translate remote sanitized→sanitized',
      ]);
    }
    expect(recorder.toJSON().endedAt).toBeDefined();
    // The segmenter's own report fields reach the trace (here: levels seen so far).
    expect((recorder.toJSON().stages.find((s) => s.chunk === 4) as { seen?: number }).seen).toBe(11);
  });

  it('each stage takes the segments one at a time in order, while different stages work on different segments', async () => {
    const { tandem } = setup({ mode: 'local-only' });
    const log: string[] = [];
    const busy = { asr: 0, mt: 0 };
    const most = { asr: 0, mt: 0 };
    const timed = (name: 'asr' | 'mt', ms: number) =>
      defineStage({
        name,
        outputLabel: 'personal',
        local: {
          runner: {
            run: async (t: string) => {
              busy[name] += 1;
              most[name] = Math.max(most[name], busy[name]);
              log.push(`${name} start ${t.slice(-1)}`);
              await new Promise((r) => setTimeout(r, ms));
              log.push(`${name} end ${t.slice(-1)}`);
              busy[name] -= 1;
              return { output: t, report: { backend: 'js', runMs: ms } };
            },
          },
        },
      });
    // One chunk closes three utterances at once; the recogniser is fast, the translator slow.
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()).then(timed('asr', 10)).then(timed('mt', 40)));
    const outcomes = await collect(tandem.stream(session, countingSource([[1, 0, 4, 0, 7, 0]], raw).iterable, { maxInFlight: 3 }));
    expect(outcomes.map((o) => [o.index, o.status])).toEqual([[0, 'done'], [1, 'done'], [2, 'done']]);
    // A stateful stage (one decoder) never sees two segments at once, and sees them in order.
    expect(most).toEqual({ asr: 1, mt: 1 });
    expect(log.filter((l) => l.startsWith('mt start'))).toEqual(['mt start 0', 'mt start 2', 'mt start 4']);
    // Pipelined: the second utterance is recognised while the first is still being translated.
    expect(log.indexOf('asr start 2')).toBeLessThan(log.indexOf('mt end 0'));
  });

  it('backpressure: while the consumer holds an outcome, the source is not read past maxInFlight segments', async () => {
    const { tandem } = setup({ mode: 'local-only' });
    // Every chunk closes one utterance; the source is endless in practice (30 chunks).
    const chunks = Array.from({ length: 30 }, (_, i) => [i + 1, 0]);
    const { iterable, state } = countingSource(chunks, raw);
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()));
    const stream = tandem.stream(session, iterable, { maxInFlight: 2 });
    const first = await stream.next();
    expect(first.value).toMatchObject({ index: 0, status: 'done' });
    await new Promise((r) => setTimeout(r, 30));
    // Segment 0 was taken, segment 1 waits: two chunks read, none more while the consumer pauses.
    expect(state.pulled).toBe(2);
    await stream.next();
    await new Promise((r) => setTimeout(r, 30));
    expect(state.pulled).toBe(3);
    // Leaving the loop ends the source and frees the segmenter's state for the stream.
    const disposedBefore = LevelSegmenter.disposed;
    await stream.return();
    expect(state.returned).toBe(true);
    expect(LevelSegmenter.disposed).toBe(disposedBefore + 1);
    expect(state.pulled).toBe(3);
  });

  it('cancellation: the signal ends a waiting source, aborts the segment in flight and throws StageAbortedError', async () => {
    const { tandem } = setup({ mode: 'local-only' });
    const signals: AbortSignal[] = [];
    const steps: SegmenterStep<readonly number[]>[] = [];
    // The second utterance never finishes transcribing; then the source waits like a microphone.
    const transcribe = fakeTranscribe((h) => (h.start === 0 ? 0 : 60_000), signals);
    const session = segmented('raw', levelEndpointer(steps), pipeline('utterance', 'raw').then(transcribe));
    const { iterable, state } = countingSource([[1, 0], [2, 0]], raw, { hangAtEnd: true });
    const controller = new AbortController();
    const seen: SegmentOutcome<Heard, string, 'personal'>[] = [];
    const error = await (async () => {
      for await (const outcome of tandem.stream(session, iterable, { signal: controller.signal })) {
        seen.push(outcome);
        setTimeout(() => controller.abort('the user pressed stop'), 20);
      }
    })().catch((e: unknown) => e);

    expect(isStageAbortedError(error)).toBe(true);
    expect((error as Error).message).toContain('the user pressed stop');
    expect(seen.map((o) => o.index)).toEqual([0]);
    expect(signals[1]?.aborted).toBe(true);
    expect(state.returned).toBe(true);
    // The segmenter was told to drop the stream's state (a traced stage call like the others).
    expect(steps.at(-1)).toMatchObject({ end: 'discard' });
  });

  it('a signal aborted before the start throws before anything is read', async () => {
    const { tandem } = setup();
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()));
    const { iterable, state } = countingSource(CHUNKS, raw);
    const error = await collect(tandem.stream(session, iterable, { signal: AbortSignal.abort('no') })).catch((e: unknown) => e);
    expect(isStageAbortedError(error)).toBe(true);
    expect(state.pulled).toBe(0);
  });

  it('a segment whose run fails is yielded as failed and the stream goes on; a privacy refusal sends nothing', async () => {
    const { tandem, transport } = setup({ mode: 'prefer-remote' });
    // Erased types: a plain-JS caller putting a remote-only stage after raw transcripts.
    const leaky = translateRemoteOnly as unknown as Stage<string, string, 'sanitized'>;
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()).then(leaky));
    const outcomes = await collect(tandem.stream(session, countingSource(CHUNKS, raw).iterable));
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed', 'failed']);
    const failed = outcomes[0]!;
    expect(failed.status === 'failed' && isPrivacyViolationError(failed.error)).toBe(true);
    expect(failed.status === 'failed' && failed.trace.stages.map((s) => s.stage)).toEqual(['transcribe']);
    expect(transport.calls).toHaveLength(0);
  });

  it('a failing segmenter ends the stream with its error', async () => {
    const { tandem } = setup();
    const broken = levelEndpointer();
    const failing = { ...broken, local: { runner: { run: () => Promise.reject(new Error('VAD session lost')) } } } as typeof broken;
    const session = segmented('raw', failing, pipeline('utterance', 'raw').then(fakeTranscribe()));
    const error = await collect(tandem.stream(session, countingSource(CHUNKS, raw).iterable)).catch((e: unknown) => e);
    expect((error as Error).message).toContain('VAD session lost');
  });

  it('checks the run parameters before reading the source', async () => {
    const { tandem } = setup();
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()));
    const { iterable, state } = countingSource(CHUNKS, raw);
    const error = await collect(tandem.stream(session, iterable, { params: { nope: { x: 1 } } as never })).catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect(state.pulled).toBe(0);
  });

  it('keeps each stream\'s segmenter state apart (two sessions at once over one stage)', async () => {
    const { tandem } = setup({ mode: 'local-only' });
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()));
    const [a, b] = await Promise.all([
      collect(tandem.stream(session, countingSource([[1, 2], [0]], raw).iterable)),
      collect(tandem.stream(session, countingSource([[7], [8, 0]], raw).iterable)),
    ]);
    expect(a.map((o) => o.status === 'done' && o.output.value)).toEqual(['said 1 2 at 0']);
    expect(b.map((o) => o.status === 'done' && o.output.value)).toEqual(['said 7 8 at 0']);
  });

  it('a deferred segment is yielded at once with its completion, and the stream goes on without waiting for delivery', async () => {
    // Offline: the deferrable translation waits in the transport's queue until deliver().
    const waiting: (() => void)[] = [];
    const transport: RemoteTransport = {
      async send(request: RemoteRequest): Promise<RemoteResponse> {
        if (request.deferred !== true) throw new RemoteUnavailableError({ endpoint: request.endpoint, reason: 'offline' });
        await new Promise<void>((resolve) => waiting.push(resolve));
        return { output: `es: ${String(request.payload)}`, report: { backend: 'remote', runMs: 1 } };
      },
    };
    const tandem = createTandem({ policy: { version: 'd-1' }, transport, capabilities: capabilities({ online: false }) });
    const translate = defineStage<string, string, 'sanitized'>({
      name: 'translate',
      outputLabel: 'sanitized',
      remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu', deferrable: true },
    });
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()).then(redact).then(translate));
    const outcomes = await collect(tandem.stream(session, countingSource(CHUNKS, raw).iterable));
    expect(outcomes.map((o) => [o.index, o.status])).toEqual([[0, 'deferred'], [1, 'deferred'], [2, 'deferred']]);
    expect(waiting).toHaveLength(3);
    for (const resolve of waiting) resolve();
    const delivered = await Promise.all(outcomes.map((o) => (o.status === 'deferred' ? o.completion : Promise.reject(new Error(o.status)))));
    expect(delivered.map((r) => r.output.value)).toEqual(['es: said 1 2 3 at 1', 'es: said 4 5 at 6', 'es: said 6 7 at 9']);
  });

  it('when the segmenter cannot be placed, the stream throws before reading and leaves no listener on the signal', async () => {
    const tandem = createTandem({
      policy: { version: 'c-1' },
      transport: new RecordingTransport(),
      capabilities: () => Promise.reject(new Error('probe failed')),
    });
    const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()));
    const { iterable, state } = countingSource(CHUNKS, raw);
    const controller = new AbortController();
    let listening = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof add>) => ((listening += 1), add(...args))) as typeof add;
    controller.signal.removeEventListener = ((...args: Parameters<typeof remove>) => ((listening -= 1), remove(...args))) as typeof remove;
    const error = await collect(tandem.stream(session, iterable, { signal: controller.signal })).catch((e: unknown) => e);
    expect((error as Error).message).toBe('probe failed');
    expect(state.pulled).toBe(0);
    expect(listening).toBe(0);
  });

  for (const how of ['async iteration', 'a reader (no async iterator, as in Safari)'] as const) {
    it(`reads a Web ReadableStream through ${how}: pulled only as the consumer takes outcomes, cancelled on abort`, async () => {
      const { tandem } = setup({ mode: 'local-only' });
      let pulls = 0;
      let cancelled: unknown;
      // No queue of its own (highWaterMark 0): the stream is pulled only when someone reads.
      const stream = new ReadableStream<{ label: 'raw'; value: readonly number[] }>(
        {
          pull(controller) {
            pulls += 1;
            controller.enqueue(raw([pulls, 0]));
          },
          cancel(reason) {
            cancelled = reason ?? 'cancelled';
          },
        },
        new CountQueuingStrategy({ highWaterMark: 0 }),
      );
      if (how !== 'async iteration') Object.defineProperty(stream, Symbol.asyncIterator, { value: undefined });
      const session = segmented('raw', levelEndpointer(), pipeline('utterance', 'raw').then(fakeTranscribe()));
      const controller = new AbortController();
      const outcomes = tandem.stream(session, stream, { signal: controller.signal, maxInFlight: 2 });
      expect((await outcomes.next()).value).toMatchObject({ index: 0, status: 'done' });
      await new Promise((r) => setTimeout(r, 30));
      expect(pulls).toBe(2);
      expect((await outcomes.next()).value).toMatchObject({ index: 1, status: 'done' });
      await new Promise((r) => setTimeout(r, 30));
      expect(pulls).toBe(3);
      controller.abort('stop');
      const error = await outcomes.next().catch((e: unknown) => e);
      expect(isStageAbortedError(error)).toBe(true);
      await new Promise((r) => setTimeout(r, 10));
      expect(cancelled).toBeDefined();
    });
  }
});
