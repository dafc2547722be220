/**
 * Idempotency keys: 128 random bits once per client (22 base64url characters), then a counter:
 * `k3Jx…Q.0`, `k3Jx…Q.1`, … Unique per function subject like a UUID per call (a reload makes a
 * new client, so a new prefix), and on a session channel, whose permessage-deflate remembers the
 * prefix, each key costs a few bytes instead of a UUID's ~18 incompressible ones.
 */
export function idempotencyKeys(): () => string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const prefix = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  let n = 0;
  return () => `${prefix}.${(n++).toString(36)}`;
}
