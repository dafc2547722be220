import { raw, type Raw } from '@tandem/core';
import { createStreamResampler } from './resample.js';

/**
 * The AudioWorklet side: copies the first input channel out of the audio thread in batches of
 * `batch` samples (128-sample render quanta are too many messages). Shipped as a Blob URL so the
 * package needs no bundler support for worklets.
 */
const PROCESSOR = `
class TandemCapture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.batch = options.processorOptions.batch;
    this.buffer = new Float32Array(this.batch);
    this.filled = 0;
    this.port.onmessage = () => this.flush();
  }
  flush() {
    if (this.filled === 0) return;
    const out = this.buffer.slice(0, this.filled);
    this.port.postMessage(out, [out.buffer]);
    this.filled = 0;
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) {
      let i = 0;
      while (i < channel.length) {
        const n = Math.min(channel.length - i, this.batch - this.filled);
        this.buffer.set(channel.subarray(i, i + n), this.filled);
        this.filled += n;
        i += n;
        if (this.filled === this.batch) this.flush();
      }
    }
    return true;
  }
}
registerProcessor('tandem-capture', TandemCapture);
`;

export interface MicrophoneOptions {
  /** Called with each chunk of 16 kHz mono audio, labelled `raw` (the user's voice). */
  onAudio: (chunk: Raw<Float32Array>) => void;
  /** Samples per message from the audio thread at the device rate (default 2048, ~43 ms at 48 kHz). */
  batch?: number;
  /** A device id from `enumerateDevices`; the default microphone otherwise. */
  deviceId?: string;
  /** Reuse a context the app already has (it must be allowed to start: call after a user gesture). */
  context?: AudioContext;
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
  const url = URL.createObjectURL(new Blob([PROCESSOR], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
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
