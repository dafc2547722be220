/**
 * Microphone input in two modes, both on @tandem/speech's capture (AudioWorklet, 16 kHz):
 * push-to-talk hands the whole held stretch to the session; continuous listening asks the VAD
 * every second where speech ended and hands over each finished utterance, keeping the rest.
 * In both, every capture chunk also goes to the live transcript (engines.ts) as it arrives, so
 * partial words show while the person is still speaking.
 */
import { raw, type Raw, type StageRunner } from '@tandem/core';
import type { VadInput, VadOutput } from '@tandem/runtime-onnx';
import { startMicrophone, type MicrophoneCapture } from '@tandem/speech';
import type { LiveTranscript } from './asr-turns.ts';
import { markLatency } from './latency-marks.ts';

const RATE = 16_000;
/** Silence after the last speech before an utterance counts as finished. */
const END_SILENCE_S = 0.7;
/** Silero's frame (samples) and the probability under which a frame counts as quiet. */
const FRAME = 512;
const QUIET_PROBABILITY = 0.3;
/** Without speech, only this much audio is kept (the VAD's pre-roll). */
const IDLE_KEEP_S = 1;

export interface MicrophoneSession {
  stop(): Promise<void>;
}

function concat(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((a, c) => a + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function pushToTalk(
  onLevel: (rms: number) => void,
  onDone: (audio: Raw<Float32Array>) => void,
  live?: LiveTranscript,
): Promise<MicrophoneSession> {
  const chunks: Float32Array[] = [];
  const mic: MicrophoneCapture = await startMicrophone({
    onAudio: (chunk) => {
      chunks.push(chunk.value);
      live?.feed(chunk.value);
      onLevel(rms(chunk.value));
    },
  });
  return {
    async stop() {
      await mic.stop();
      live?.reset();
      onDone(raw(concat(chunks)));
    },
  };
}

export async function continuousListening(
  vad: StageRunner<VadInput, VadOutput>,
  onLevel: (rms: number) => void,
  onUtterance: (audio: Raw<Float32Array>) => void,
  live?: LiveTranscript,
): Promise<MicrophoneSession> {
  let chunks: Float32Array[] = [];
  let checking = false;
  /** 16 kHz samples captured since the start, and utterances cut: for the latency marks. */
  let captured = 0;
  let cuts = 0;
  const mic = await startMicrophone({
    onAudio: (chunk) => {
      captured += chunk.value.length;
      chunks.push(chunk.value);
      live?.feed(chunk.value);
      onLevel(rms(chunk.value));
    },
  });
  async function check(final: boolean): Promise<void> {
    if (checking) return;
    checking = true;
    try {
      const audio = concat(chunks);
      const checkedAt = performance.now();
      if (audio.length < RATE / 2) return;
      const { output } = await vad.run({ audio: audio.slice() }, { timeoutMs: 30_000 });
      const last = output.spans.at(-1);
      if (!last) {
        const all = concat(chunks);
        if (all.length > IDLE_KEEP_S * RATE) {
          chunks = [all.slice(all.length - IDLE_KEEP_S * RATE)];
          // No speech yet: restart the preview on the kept pre-roll, so it stays as short.
          live?.reset();
          live?.feed(chunks[0]!);
        }
        return;
      }
      const silenceAfter = (audio.length - last.endSample) / RATE;
      // Really quiet, not just speech too short to be a span yet (a word after a breath).
      const tail = output.probabilities.subarray(Math.floor((audio.length - END_SILENCE_S * RATE) / FRAME));
      const quiet = tail.every((p) => p < QUIET_PROBABILITY);
      if (final || (silenceAfter >= END_SILENCE_S && quiet)) {
        const cut = Math.min(audio.length, last.endSample + Math.round(0.2 * RATE));
        // Audio that arrived while the VAD ran stays for the next check.
        const arrived = concat(chunks).subarray(audio.length);
        chunks = [audio.slice(cut), arrived.slice()];
        // The preview starts over on what follows the cut.
        live?.reset();
        live?.feed(concat(chunks));
        // When the last speech sample arrived, estimated from the audio buffered after it.
        const speechEndAt = checkedAt - ((audio.length - last.endSample) / RATE) * 1000;
        markLatency('cut', { cut: ++cuts, speechEndAt, clipMs: (cut / RATE) * 1000 });
        onUtterance(raw(audio.slice(0, cut)));
      }
    } finally {
      checking = false;
    }
  }
  const timer = setInterval(() => void check(false), 1000);
  return {
    async stop() {
      clearInterval(timer);
      await mic.stop();
      while (checking) await new Promise((r) => setTimeout(r, 50));
      await check(true);
      live?.reset();
      markLatency('capture-stopped', { samples: captured, rate: RATE, inputSampleRate: mic.inputSampleRate });
    },
  };
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / Math.max(1, x.length));
}
