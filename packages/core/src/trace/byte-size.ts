const encoder = new TextEncoder();

/**
 * Approximate bytes a value occupies on the wire, for `bytesIn` and `bytesSentOffDevice`.
 * Binary data counts exactly; strings as UTF-8; other objects as their JSON text.
 */
export function estimateBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return encoder.encode(value).byteLength;
  if (typeof value === 'number' || typeof value === 'bigint') return 8;
  if (typeof value === 'boolean') return 1;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof Blob !== 'undefined' && value instanceof Blob) return value.size;
  if (typeof value !== 'object' || depth > 16) return 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + estimateBytes(v, depth + 1), 2);
  let n = 2;
  for (const [k, v] of Object.entries(value)) n += encoder.encode(k).byteLength + 3 + estimateBytes(v, depth + 1);
  return n;
}
