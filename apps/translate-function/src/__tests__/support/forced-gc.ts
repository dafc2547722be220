import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's `gc()` without starting Node with `--expose-gc`: the deadline tests collect garbage while
 * requests wait, because Node 20 drops `AbortSignal.any` + `AbortSignal.timeout` deadlines after a
 * collection (nodejs/node#57736) and a test without one would pass with the bug in place.
 */
setFlagsFromString('--expose-gc');
export const gc = runInNewContext('gc') as () => void;

/** Settles `work` while collecting garbage every `everyMs`; returns the outcome and how long it took. */
export async function underGc<T>(work: () => Promise<T>, everyMs = 20): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  const collector = setInterval(gc, everyMs);
  try {
    const value = await work();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  } finally {
    clearInterval(collector);
  }
}
