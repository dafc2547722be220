/**
 * A speech clip with known truth for the VAD spec: Debian's `flite` (voice kal16, 16 kHz)
 * speaks two sentences, each trimmed to its first and last non-silent sample, and placed between
 * stretches of silence with faint deterministic noise. The truth is where the speech was placed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLIP_RATE = 16_000;

export interface SpeechClip {
  audio: number[];
  /** Where speech was placed, in ms from the start. */
  truth: { startMs: number; endMs: number }[];
}

/** 16-bit PCM mono WAV → floats in [-1, 1]. */
export function readWav(bytes: Buffer): Float32Array {
  let at = 12;
  let rate = 0;
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('ascii', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      rate = bytes.readUInt32LE(at + 12);
      const pcm = bytes.readUInt16LE(at + 8) === 1 && bytes.readUInt16LE(at + 10) === 1 && bytes.readUInt16LE(at + 22) === 16;
      if (!pcm) throw new Error('expected 16-bit mono PCM');
    }
    if (id === 'data') {
      if (rate !== CLIP_RATE) throw new Error(`flite wrote ${rate} Hz, expected ${CLIP_RATE}`);
      const samples = new Float32Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(at + 8 + 2 * i) / 32768;
      return samples;
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

export function synthesize(text: string): Float32Array {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-flite-'));
  try {
    const file = join(dir, 'speech.wav');
    execFileSync('flite', ['-voice', 'kal16', '-t', text, '-o', file]);
    const samples = readWav(readFileSync(file));
    // flite pads its output with silence; the truth starts at the first audible sample.
    const audible = (x: number) => Math.abs(x) > 0.002;
    const first = samples.findIndex(audible);
    let last = samples.length - 1;
    while (last > first && !audible(samples[last]!)) last--;
    return samples.slice(first, last + 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function speechClip(
  sentences = ['Please translate this sentence into Spanish for me.', 'The weather will be sunny tomorrow morning.'],
  silencesMs = [1200, 1500, 1200],
): SpeechClip {
  const parts = sentences.map(synthesize);
  const silence = (ms: number) => Math.round((ms * CLIP_RATE) / 1000);
  const total = silencesMs.reduce((a, ms) => a + silence(ms), 0) + parts.reduce((a, p) => a + p.length, 0);
  const audio = new Float32Array(total);
  let seed = 12345;
  for (let i = 0; i < total; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    audio[i] = ((seed / 2 ** 32) - 0.5) * 0.002;
  }
  const truth: SpeechClip['truth'] = [];
  let at = silence(silencesMs[0]!);
  parts.forEach((part, i) => {
    for (let j = 0; j < part.length; j++) audio[at + j] = audio[at + j]! + part[j]!;
    truth.push({ startMs: (at / CLIP_RATE) * 1000, endMs: ((at + part.length) / CLIP_RATE) * 1000 });
    at += part.length + silence(silencesMs[i + 1] ?? 0);
  });
  return { audio: Array.from(audio), truth };
}
