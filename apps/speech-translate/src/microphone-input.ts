/**
 * The microphone as the session's input: @tandem/speech's capture stream, tapped for the level
 * meter and for the `capture-stopped` mark (16 kHz samples captured, read by the data-out bench).
 */
import type { Raw } from '@tandem/core';
import type { MicrophoneStream } from '@tandem/speech';
import { markLatency } from './latency-marks.ts';

export interface MicrophoneInput {
  /** The captured audio, every chunk, for `session.process`. */
  readonly stream: ReadableStream<Raw<Float32Array>>;
  /** Ends the capture; the stream ends after its last chunk (an open utterance is cut there). */
  stop(): Promise<void>;
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}

export async function listenToMicrophone(open: () => Promise<MicrophoneStream>, onLevel: (rms: number) => void): Promise<MicrophoneInput> {
  const mic = await open();
  let samples = 0;
  const stream = mic.stream.pipeThrough(
    new TransformStream<Raw<Float32Array>, Raw<Float32Array>>({
      transform(chunk, out) {
        samples += chunk.value.length;
        onLevel(rms(chunk.value));
        out.enqueue(chunk);
      },
      flush() {
        markLatency('capture-stopped', { samples, rate: 16_000, inputSampleRate: mic.inputSampleRate });
      },
    }),
  );
  return { stream, stop: () => mic.stop() };
}
