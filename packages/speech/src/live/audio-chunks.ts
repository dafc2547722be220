import { raw, type Raw } from '@tandem/core';
import { ASR_SAMPLE_RATE } from '../asr-engine.js';

/**
 * A decoded file as a stream of `raw` 16 kHz chunks, so a file goes through the same live
 * pipeline as a microphone (one pass of the VAD, one decode per utterance). Each chunk is a copy
 * (a worker stage may take its buffer), made when the pipeline asks for it.
 */
export async function* audioChunks(samples: Raw<Float32Array>, seconds = 0.25): AsyncGenerator<Raw<Float32Array>, void, void> {
  const step = Math.max(1, Math.round(seconds * ASR_SAMPLE_RATE));
  for (let at = 0; at < samples.value.length; at += step) yield raw(samples.value.slice(at, at + step));
}
