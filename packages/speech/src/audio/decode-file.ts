import { raw, type Raw } from '@tandem/core';
import { ASR_SAMPLE_RATE } from '../asr-engine.js';
import { downmixToMono } from './pcm.js';
import { resampleTo16k } from './resample.js';

/**
 * Decodes an audio file (wav, ogg, mp3, webm — whatever the browser's `decodeAudioData` knows) to
 * 16 kHz mono floats, labelled `raw`: it is the user's voice and must not leave the device.
 */
export async function decodeAudioFile(file: Blob | ArrayBuffer): Promise<Raw<Float32Array>> {
  const bytes = file instanceof Blob ? await file.arrayBuffer() : file;
  // decodeAudioData resamples to its context's rate, so a 16 kHz offline context does the work;
  // our resampler is only the fallback for a browser that hands back another rate.
  const context = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate: ASR_SAMPLE_RATE });
  const buffer = await context.decodeAudioData(bytes.slice(0));
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  const mono = downmixToMono(channels);
  return raw(buffer.sampleRate === ASR_SAMPLE_RATE ? mono.slice() : resampleTo16k(mono, buffer.sampleRate));
}
