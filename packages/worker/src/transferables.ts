/**
 * Audio and tensors cross to a worker as transferables: the buffer moves, the sender's view is
 * detached, nothing is copied. This finds the buffers to move inside a plain input object.
 */

/** How deep into nested plain objects/arrays to look; inputs are shallow records of arrays. */
const MAX_DEPTH = 4;

/**
 * ArrayBuffers behind every typed array / DataView / ArrayBuffer, and every ImageBitmap, in `value` (plain objects and
 * arrays up to a few levels deep), each once. SharedArrayBuffers are skipped: they are shared,
 * never transferred.
 */
export function collectTransferables(value: unknown): Transferable[] {
  const found = new Set<Transferable>();
  visit(value, 0, found);
  return [...found];
}

function visit(value: unknown, depth: number, found: Set<Transferable>): void {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  if (value instanceof ArrayBuffer) {
    if (value.byteLength > 0) found.add(value);
    return;
  }
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) found.add(buffer);
    return;
  }
  if (typeof ImageBitmap !== 'undefined' && value instanceof ImageBitmap) {
    found.add(value);
    return;
  }
  const items = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  for (const item of items) visit(item, depth + 1, found);
}
