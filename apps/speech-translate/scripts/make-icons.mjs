#!/usr/bin/env node
// Draws the app icons (PNG, committed in public/icons/) from code, so they can be regenerated:
// a teal square with two overlapping rings — two sides working in tandem, device and function.
// Plain zlib + CRC32; no image library. Run: node scripts/make-icons.mjs
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const out = resolve(import.meta.dirname, '../public/icons');

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5, size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const TEAL = [15, 118, 110];
const DARK = [11, 59, 56];
const WHITE = [240, 253, 250];
const VIOLET = [196, 181, 253];
const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
const clamp = (v) => Math.max(0, Math.min(1, v));

/** `maskable`: full-bleed background, artwork inside the 80% safe zone. */
function icon(maskable) {
  return (x, y, size) => {
    const u = x / size;
    const v = y / size;
    const px = 1 / size;
    // Rounded square (or full bleed) with a gentle vertical gradient.
    const r = maskable ? 0 : 0.2;
    const dx = Math.max(Math.abs(u - 0.5) - (0.5 - r), 0);
    const dy = Math.max(Math.abs(v - 0.5) - (0.5 - r), 0);
    const outside = Math.hypot(dx, dy) - r;
    const alpha = maskable ? 1 : clamp(0.5 - outside / px);
    let color = mix(TEAL, DARK, v);
    const scale = maskable ? 0.78 : 1;
    const ring = (cx, cy, radius, width) => clamp(0.5 - (Math.abs(Math.hypot(u - cx, v - cy) - radius * scale) - width * scale) / px);
    const left = ring(0.5 - 0.11 * scale, 0.5, 0.2, 0.045);
    const right = ring(0.5 + 0.11 * scale, 0.5, 0.2, 0.045);
    color = mix(color, VIOLET, right);
    color = mix(color, WHITE, left);
    return [...color, Math.round(alpha * 255)];
  };
}

writeFileSync(join(out, 'icon-192.png'), png(192, icon(false)));
writeFileSync(join(out, 'icon-512.png'), png(512, icon(false)));
writeFileSync(join(out, 'maskable-512.png'), png(512, icon(true)));
console.log(`[icons] ${out}`);
