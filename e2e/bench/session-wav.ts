/**
 * The speech the fake microphone plays in the data-out (#5) and latency (#6) benchmarks: Debian's
 * flite speaks each sentence (voice slt, the one PocketSphinx's en-us model understands), sox pins
 * the format Chromium's fake capture device reads and the app's mic spec uses (16 kHz mono 16-bit
 * PCM WAV) and joins them with pauses. Built at run time, never committed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const RATE = 16_000;

/**
 * Spoken by flite's slt voice (the one PocketSphinx's en-us model understands), with names and
 * numbers for the redactor: the app's own samples plus sentences of the ASR fixture set.
 */
export const SESSION_SENTENCES = [
  'hello my name is david and i live in london',
  'please call john smith at four one five five five five one two three four',
  'the meeting with sarah is at ten tomorrow morning',
  'the weather is very nice today',
  'i would like a cup of coffee with milk',
  'she bought three apples at the market',
  'can you tell me where the train station is',
  'my brother lives in a small house near the river',
  'the store closes at six on sunday',
  'our flight was delayed by two hours',
  'thank you very much for your help',
];
/** Silence between sentences: longer than the app's end-of-utterance wait (0.7 s + 1 s cadence). */
const PAUSE_S = 2.0;
const LEAD_S = 1.0;

export interface SessionWav {
  path: string;
  seconds: number;
  sentences: { text: string; startS: number; endS: number }[];
}

function sox(args: string[]): void {
  execFileSync('sox', args);
}

function seconds(file: string): number {
  return Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());
}

/**
 * ~`total` seconds of 16 kHz mono 16-bit PCM WAV (what Chromium's fake capture reads and what
 * the app's mic spec uses): lead silence, as many sentences with pauses as fit, silence to the end.
 */
export function buildSessionWav(dir: string, total = 60): SessionWav {
  const work = join(dir, 'session-wav');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const fmt = ['-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed-integer'];
  const silence = (s: number, file: string) => sox(['-n', ...fmt, file, 'trim', '0', s.toFixed(3)]);
  const parts: string[] = [];
  const lead = join(work, 'lead.wav');
  silence(LEAD_S, lead);
  parts.push(lead);
  let at = LEAD_S;
  const sentences: SessionWav['sentences'] = [];
  SESSION_SENTENCES.forEach((text, i) => {
    const raw = join(work, `${i}.flite.wav`);
    const said = join(work, `${i}.wav`);
    execFileSync('flite', ['-voice', 'slt', '-t', text, '-o', raw]);
    sox([raw, ...fmt, said]);
    const d = seconds(said);
    if (at + d + PAUSE_S > total) return;
    const gap = join(work, `${i}.gap.wav`);
    silence(PAUSE_S, gap);
    parts.push(said, gap);
    sentences.push({ text, startS: at, endS: at + d });
    at += d + PAUSE_S;
  });
  if (total - at > 0.01) {
    const tail = join(work, 'tail.wav');
    silence(total - at, tail);
    parts.push(tail);
  }
  const path = join(dir, 'session.wav');
  sox([...parts, path]);
  rmSync(work, { recursive: true, force: true });
  return { path, seconds: seconds(path), sentences };
}
