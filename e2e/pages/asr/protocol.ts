import type { AsrResult, PocketSphinxLoaded } from '@tandem/speech';

/** What the ASR page offers the spec and the benchmark through `window.asr`. */
export interface TimedPartial {
  text: string;
  /** ms since the utterance started feeding */
  at: number;
}

export interface UtteranceRun {
  result: AsrResult;
  partials: TimedPartial[];
  /** ms since the utterance started feeding when the final result arrived */
  finalAt: number;
  /** wall-clock ms from first feed to final result, in the page (includes message passing) */
  wallMs: number;
}

export interface MicRun {
  text: string;
  inputSampleRate: number;
  audioSeconds: number;
  /** Peak absolute sample value seen, to tell silence from signal. */
  peak: number;
  partials: number;
}

export interface AsrPageApi {
  load(): Promise<{ loaded: PocketSphinxLoaded; loadMs: number }>;
  /** Fetches a WAV, decodes it with decodeAudioData, feeds it in `chunkSeconds` pieces. */
  /** `silenceSeconds` of a noise floor go before and after the clip (to check word timings against audio time). */
  transcribeUrl(url: string, chunkSeconds?: number, silenceSeconds?: number): Promise<UtteranceRun>;
  /** Streams the (fake) microphone into the engine for `seconds`, one utterance. */
  transcribeMicrophone(seconds: number): Promise<MicRun>;
  /** A model manifest with one hash changed, to prove integrity is checked. */
  loadWithBrokenManifest(): Promise<{ name: string; code?: string; message: string }>;
}

declare global {
  interface Window {
    asr: AsrPageApi;
  }
}
