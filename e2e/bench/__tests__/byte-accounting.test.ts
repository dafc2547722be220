import { describe, expect, it } from 'vitest';
import { BASE64_RUN, classifyBody, mayCarryAudio, pcmBytes, requestBytes, totalOutgoing, type OutgoingRequest } from '../byte-accounting.ts';

const enc = (s: string) => new TextEncoder().encode(s);

/** A real 16-bit PCM WAV header (44 bytes) followed by some samples. */
function wav(samples: number): Uint8Array {
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(16_000, 24);
  b.write('data', 36, 'ascii');
  for (let i = 0; i < samples; i++) b.writeInt16LE(Math.round(Math.sin(i / 5) * 12_000), 44 + i * 2);
  return new Uint8Array(b);
}

describe('classifyBody', () => {
  it('calls the translate request JSON text', () => {
    const body = enc(JSON.stringify({ text: 'call ⟦1⟧ ⟦2⟧ at ⟦3⟧', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] }, label: 'sanitized' }));
    expect(classifyBody(body, 'application/json')).toBe('text');
    expect(classifyBody(null)).toBe('none');
    expect(classifyBody(new Uint8Array(0))).toBe('none');
  });
  it('finds audio containers by magic and by content type', () => {
    expect(classifyBody(wav(100), 'application/json')).toBe('audio');
    expect(classifyBody(enc('OggS\0\x02rest'))).toBe('audio');
    expect(classifyBody(enc('fLaC....'))).toBe('audio');
    expect(classifyBody(new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2]))).toBe('audio');
    expect(classifyBody(enc('\0\0\0\x18ftypM4A '))).toBe('audio');
    expect(classifyBody(enc('just text'), 'audio/webm;codecs=opus')).toBe('audio');
  });
  it('calls raw samples binary: float32 PCM is not text', () => {
    const floats = new Float32Array(256).map((_, i) => Math.sin(i / 3) * 0.5);
    expect(classifyBody(new Uint8Array(floats.buffer), 'application/octet-stream')).toBe('binary');
    // Headerless 16-bit PCM of near-silence: mostly NUL bytes, valid UTF-8 but full of controls.
    expect(classifyBody(new Uint8Array(512).fill(0))).toBe('binary');
  });
  it('calls a long base64 run inside JSON encoded, a short one text', () => {
    const b64 = Buffer.from(wav(600)).toString('base64');
    expect(b64.length).toBeGreaterThan(BASE64_RUN);
    expect(classifyBody(enc(JSON.stringify({ audio: b64 })), 'application/json')).toBe('encoded');
    expect(classifyBody(enc(JSON.stringify({ key: 'a'.repeat(64) })))).toBe('text');
  });
  it('counts everything but text as possibly audio', () => {
    expect(['none', 'text', 'encoded', 'binary', 'audio'].map((k) => mayCarryAudio(k as never))).toEqual([false, false, true, true, true]);
  });
});

describe('byte totals', () => {
  const post: OutgoingRequest = {
    method: 'POST',
    url: 'http://127.0.0.1:9/v1/translate',
    headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:8' },
    body: enc('{"text":"héllo"}'),
  };
  it('counts URL, header lines and body in UTF-8 bytes', () => {
    const b = requestBytes(post);
    expect(b.url).toBe(31);
    expect(b.headers).toBe('content-type: application/json\r\n'.length + 'origin: http://127.0.0.1:8\r\n'.length);
    expect(b.body).toBe(17); // é is two bytes
    expect(b.total).toBe(b.url + b.headers + b.body);
  });
  it('sums requests and puts only non-text bodies into the audio bytes', () => {
    const get: OutgoingRequest = { method: 'GET', url: 'http://127.0.0.1:8/sw.js', headers: {}, body: null };
    const leak: OutgoingRequest = { ...post, headers: { 'content-type': 'audio/wav' }, body: wav(1000) };
    const clean = totalOutgoing([post, get]);
    expect(clean.requests).toBe(2);
    expect(clean.audioSuspectBytes).toBe(0);
    expect(clean.kinds).toEqual({ text: 1, none: 1 });
    expect(clean.contentTypes).toEqual(['application/json']);
    const dirty = totalOutgoing([post, get, leak]);
    expect(dirty.audioSuspectBytes).toBe(2044);
    expect(dirty.largestBody).toBe(2044);
    expect(dirty.bodyBytes).toBe(17 + 2044);
  });
  it('counts captured audio as 16-bit PCM', () => {
    expect(pcmBytes(60 * 16_000)).toBe(1_920_000);
  });
});
