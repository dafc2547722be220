import { afterAll, beforeAll } from 'vitest';

/**
 * workerd answers 413 while a large body is still arriving and then closes the connection, as
 * RFC 9110 allows. Node's fetch may already have pooled that socket for the next request and
 * writes into it: the request never reached the server, and the client sees ECONNRESET or
 * UND_ERR_SOCKET. Browsers retry such a request on a fresh connection; so does this wrapper, for
 * replayable bodies only and a bounded number of times (several pooled sockets may be stale).
 */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET']);
const MAX_RETRIES = 3;

export function retryingStaleSockets(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await base(input, init);
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
        const replayable = !(init?.body instanceof ReadableStream);
        if (!STALE_SOCKET_CODES.has(code) || !replayable || attempt >= MAX_RETRIES) throw error;
      }
    }
  };
}

/** Installs the wrapper as the global fetch for the calling test file's suite, and restores it after. */
export function retryStaleSocketsInThisFile(): void {
  const nativeFetch = globalThis.fetch;
  beforeAll(() => {
    globalThis.fetch = retryingStaleSockets(nativeFetch);
  });
  afterAll(() => {
    globalThis.fetch = nativeFetch;
  });
}
