import { raw, type Raw } from '@tandem/core';
import { createStreamResampler } from './resample.js';

export interface MicrophoneOptions {
  /** Called with each chunk of 16 kHz mono audio, labelled `raw` (the user's voice). */
  onAudio: (chunk: Raw<Float32Array>) => void;
  /** Samples per message from the audio thread at the device rate (default 2048, ~43 ms at 48 kHz). */
  batch?: number;
  /** A device id from `enumerateDevices`; the default microphone otherwise. */
  deviceId?: string;
  /** Reuse a context the app already has (it must be allowed to start: call after a user gesture). */
  context?: AudioContext;
  /** Where worklets/capture-processor.js is served, for a bundler that does not emit it itself. */
  processorUrl?: string | URL;
}

export interface MicrophoneCapture {
  /** The device rate the browser captured at, before resampling to 16 kHz. */
  readonly inputSampleRate: number;
  readonly track: MediaStreamTrack;
  /** Stops the track and the worklet; delivers the last resampled samples first. */
  stop(): Promise<void>;
}

/**
 * Captures the microphone with getUserMedia + AudioWorklet and streams 16 kHz mono chunks.
 * Browser processing (echo cancellation, noise suppression, gain) is turned off: it is tuned for
 * calls, not recognisers, and it differs between browsers.
 */
export async function startMicrophone(options: MicrophoneOptions): Promise<MicrophoneCapture> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: {
      channelCount: 1,
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
      ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
    },
  });
  const context = options.context ?? new AudioContext();
  const ownContext = !options.context;
  // The processor is a plain script file of this package (worklets/, beside src/ and dist/, so
  // the same relative URL works from both), loaded by URL rather than from a Blob: the page's CSP
  // then needs only 'self' in script-src. Bundlers (Vite) see `new URL(…, import.meta.url)` and
  // emit the file as an asset of the app.
  const processor = options.processorUrl ?? new URL('../../worklets/capture-processor.js', import.meta.url);
  await context.audioWorklet.addModule(String(processor));
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'tandem-capture', {
    numberOfInputs: 1,
    numberOfOutputs: 0,
    channelCount: 1,
    channelCountMode: 'explicit',
    channelInterpretation: 'speakers',
    processorOptions: { batch: options.batch ?? 2048 },
  });
  const resampler = createStreamResampler(context.sampleRate);
  node.port.onmessage = (event: MessageEvent<Float32Array>) => {
    const out = resampler.push(event.data);
    if (out.length > 0) options.onAudio(raw(out));
  };
  source.connect(node);
  if (context.state === 'suspended') await context.resume();
  const [track] = stream.getAudioTracks();
  if (!track) throw new Error('getUserMedia returned no audio track');

  return {
    inputSampleRate: context.sampleRate,
    track,
    async stop() {
      source.disconnect();
      node.port.onmessage = null;
      for (const t of stream.getTracks()) t.stop();
      const tail = resampler.flush();
      if (tail.length > 0) options.onAudio(raw(tail));
      if (ownContext) await context.close();
    },
  };
}
