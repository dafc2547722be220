/**
 * The microphone as a Web `ReadableStream` of `raw` 16 kHz chunks, for consumers that pull
 * (`tandem.stream`, `for await`, `pipeTo`). A microphone cannot be paused: when the reader falls
 * behind, chunks wait in the stream's queue rather than being dropped, since a lost chunk is a
 * lost word. Cancelling the stream (a consumer that stops reading) stops the capture.
 */
import type { Raw } from '@tandem/core';
import { startMicrophone, type MicrophoneOptions } from './microphone.js';

export interface MicrophoneStream {
  readonly stream: ReadableStream<Raw<Float32Array>>;
  /** The device rate the browser captured at, before resampling to 16 kHz. */
  readonly inputSampleRate: number;
  /** Stops the capture and ends the stream after its last chunk (a reader then sees `done`). */
  stop(): Promise<void>;
}

export interface MicrophoneStreamOptions extends Omit<MicrophoneOptions, 'onAudio'> {
  /** Aborting stops the capture and ends the stream, like `stop()`. */
  signal?: AbortSignal;
}

export async function openMicrophoneStream(options: MicrophoneStreamOptions = {}): Promise<MicrophoneStream> {
  const { signal, ...capture } = options;
  let controller!: ReadableStreamDefaultController<Raw<Float32Array>>;
  let open = true;
  let stopping: Promise<void> | undefined;
  const stream = new ReadableStream<Raw<Float32Array>>({
    start: (c) => {
      controller = c;
    },
    cancel: () => stop(),
  });
  const mic = await startMicrophone({
    ...capture,
    onAudio: (chunk) => {
      if (open) controller.enqueue(chunk);
    },
  });
  function stop(): Promise<void> {
    stopping ??= (async () => {
      // The capture hands over its last resampled samples while stopping; then the stream ends.
      await mic.stop();
      open = false;
      try {
        controller.close();
      } catch {
        // Already cancelled by the reader: nothing to close.
      }
    })();
    return stopping;
  }
  if (signal?.aborted === true) await stop();
  else signal?.addEventListener('abort', () => void stop(), { once: true });
  return { stream, inputSampleRate: mic.inputSampleRate, stop };
}
