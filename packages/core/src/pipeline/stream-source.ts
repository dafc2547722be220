/**
 * What `tandem.stream` reads: any async iterable, or a Web `ReadableStream` (async-iterable in
 * Chromium and Node, not yet in every browser nor in TypeScript's DOM types), so a capture can
 * hand over its stream with the stream's own queueing and backpressure.
 */
export type StreamSource<T> = AsyncIterable<T> | ReadableStream<T>;

/** The source's iterator; a `ReadableStream` without one is read through its reader (`return` cancels it). */
export function iterateSource<T>(source: StreamSource<T>): AsyncIterator<T> {
  const iterate = (source as Partial<AsyncIterable<T>>)[Symbol.asyncIterator];
  if (typeof iterate === 'function') return iterate.call(source);
  const reader = (source as ReadableStream<T>).getReader();
  return {
    next: async () => {
      const { done, value } = await reader.read();
      return done ? { done: true, value: undefined } : { done: false, value };
    },
    return: async () => {
      await reader.cancel();
      return { done: true, value: undefined };
    },
  };
}
