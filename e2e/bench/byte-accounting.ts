/**
 * Byte accounting for the data-out benchmark (issue 10 #5): how many bytes a recorded browser
 * request carries off the device, and whether its body could be audio. Pure functions, unit-tested
 * in __tests__/byte-accounting.test.ts, so the benchmark's "0 audio bytes" verdict can fail.
 */

/** A request as the benchmark records it from Playwright (page, workers and service worker). */
export interface OutgoingRequest {
  method: string;
  url: string;
  /** Every header the network stack sent (Playwright's `allHeaders()`), names lower-case. */
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/**
 * What a body is. `audio`: a container's magic (RIFF/WAVE, Ogg, FLAC, ID3/MP3, WebM/Matroska,
 * MP4) or an `audio/*` content type. `binary`: not valid UTF-8 text or full of control bytes
 * (raw PCM, float samples, protobuf…). `encoded`: text that holds a long base64 run (audio
 * smuggled inside JSON). `text`: anything else (the translate requests' JSON).
 */
export type BodyKind = 'none' | 'text' | 'encoded' | 'binary' | 'audio';

/** A base64 run this long (≈ 768 bytes of payload, 24 ms of 16 kHz s16) counts as encoded data. */
export const BASE64_RUN = 1024;

const MAGIC: readonly (readonly [number, number[]])[] = [
  [0, [0x52, 0x49, 0x46, 0x46]], // RIFF (WAVE)
  [0, [0x4f, 0x67, 0x67, 0x53]], // OggS
  [0, [0x66, 0x4c, 0x61, 0x43]], // fLaC
  [0, [0x49, 0x44, 0x33]], // ID3 (MP3)
  [0, [0x1a, 0x45, 0xdf, 0xa3]], // EBML (WebM, Matroska)
  [4, [0x66, 0x74, 0x79, 0x70]], // ftyp (MP4, M4A)
];

function startsWith(body: Uint8Array, at: number, magic: number[]): boolean {
  return body.length >= at + magic.length && magic.every((b, i) => body[at + i] === b);
}

export function classifyBody(body: Uint8Array | null, contentType = ''): BodyKind {
  if (!body || body.length === 0) return 'none';
  if (/^audio\//i.test(contentType.trim())) return 'audio';
  if (MAGIC.some(([at, magic]) => startsWith(body, at, magic))) return 'audio';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return 'binary';
  }
  // Control characters other than tab/newline/carriage return do not occur in text or JSON.
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) controls++;
  }
  if (controls > 0) return 'binary';
  if (new RegExp(`[A-Za-z0-9+/_-]{${BASE64_RUN},}={0,2}`).test(text)) return 'encoded';
  return 'text';
}

/** Whether a body may carry audio: anything but text (or no body) counts against "0 audio bytes". */
export function mayCarryAudio(kind: BodyKind): boolean {
  return kind === 'audio' || kind === 'binary' || kind === 'encoded';
}

const utf8 = (s: string): number => new TextEncoder().encode(s).length;

/**
 * Bytes one request carries off the page as the application sees it: the full URL, each header
 * as `name: value` plus CRLF, and the body. (HTTP/1.1 framing and CORS preflights are what the
 * byte-counting proxy adds on top; the benchmark reports both.)
 */
export function requestBytes(r: OutgoingRequest): { url: number; headers: number; body: number; total: number } {
  const url = utf8(r.url);
  const headers = Object.entries(r.headers).reduce((a, [k, v]) => a + utf8(`${k}: ${v}\r\n`), 0);
  const body = r.body?.length ?? 0;
  return { url, headers, body, total: url + headers + body };
}

export interface OutgoingTotals {
  requests: number;
  urlBytes: number;
  headerBytes: number;
  bodyBytes: number;
  totalBytes: number;
  /** Body bytes of requests whose body may carry audio (`mayCarryAudio`). */
  audioSuspectBytes: number;
  largestBody: number;
  kinds: Partial<Record<BodyKind, number>>;
  contentTypes: string[];
}

export function totalOutgoing(requests: readonly OutgoingRequest[]): OutgoingTotals {
  const t: OutgoingTotals = { requests: 0, urlBytes: 0, headerBytes: 0, bodyBytes: 0, totalBytes: 0, audioSuspectBytes: 0, largestBody: 0, kinds: {}, contentTypes: [] };
  for (const r of requests) {
    const b = requestBytes(r);
    const contentType = r.headers['content-type'] ?? '';
    const kind = classifyBody(r.body, contentType);
    t.requests++;
    t.urlBytes += b.url;
    t.headerBytes += b.headers;
    t.bodyBytes += b.body;
    t.totalBytes += b.total;
    if (mayCarryAudio(kind)) t.audioSuspectBytes += b.body;
    t.largestBody = Math.max(t.largestBody, b.body);
    t.kinds[kind] = (t.kinds[kind] ?? 0) + 1;
    if (r.body && r.body.length > 0 && !t.contentTypes.includes(contentType)) t.contentTypes.push(contentType);
  }
  return t;
}

/** 16-bit mono PCM at `rate`: the audio a cloud recogniser would have to receive. */
export function pcmBytes(samples: number): number {
  return samples * 2;
}
