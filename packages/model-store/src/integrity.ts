import { sha256 } from '@noble/hashes/sha2.js';

/**
 * SHA-256 in SRI form. Downloads hash incrementally as bytes arrive (WebCrypto has no streaming
 * digest, so @noble/hashes does it, overlapping with the network); a warm load hashes the one
 * assembled buffer with WebCrypto, which is native and several times faster.
 */

export function toSri(digest: Uint8Array): string {
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `sha256-${btoa(binary)}`;
}

export interface IncrementalSha256 {
  update(bytes: Uint8Array): void;
  /** SRI string of everything passed to `update`. */
  digest(): string;
}

export function incrementalSha256(): IncrementalSha256 {
  const hash = sha256.create();
  return {
    update: (bytes) => {
      hash.update(bytes);
    },
    digest: () => toSri(hash.digest()),
  };
}

/** One-shot SHA-256 of a whole buffer through WebCrypto, in SRI form. */
export async function sha256Sri(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return toSri(new Uint8Array(digest));
}
