/**
 * User Timing marks along an utterance's life, so its latency can be read from the page's own
 * clock (DevTools' performance panel shows them; e2e/bench/utterance-latency.bench.ts and
 * data-out.bench.ts read them with `performance.getEntriesByType('mark')`). Marks stay in the
 * page: nothing here is sent or read back by the app.
 *
 * Every mark is named `tandem:<phase>`; its `detail` says which input (`input`, counted by the
 * session from 1) or utterance (`id`) it belongs to:
 *   input            the session started listening to an input (a microphone, a file, a sample)
 *   cut              the live endpointer ended an utterance; its decode, begun at the onset, has
 *                    only the end of the search left (`speechEndAt`: when its last speech arrived)
 *   capture-stopped  a microphone input ended; `samples` captured at 16 kHz in total
 *   listened         the session heard an input to its end (`framesRun`/`framesHeard`: Silero calls
 *                    per 32 ms frame heard, 1 when it ran once over the audio)
 *   transcribed      an utterance's transcript is recognised and redacted on the device
 *                    (`asrTailMs`: last audio read → final hypothesis; `asrMs`: the whole decode)
 *   translate-start  its redacted text goes to the translate function
 *   translated       the function's answer is back (placeholders still in)
 *   shown            the restored translation is in the DOM (main.ts)
 */
export type LatencyPhase = 'cut' | 'capture-stopped' | 'input' | 'listened' | 'transcribed' | 'translate-start' | 'translated' | 'shown';

export const LATENCY_MARK_PREFIX = 'tandem:';

export function markLatency(phase: LatencyPhase, detail: Record<string, string | number>): void {
  performance.mark(`${LATENCY_MARK_PREFIX}${phase}`, { detail });
}
