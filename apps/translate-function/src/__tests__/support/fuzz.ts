import { ALLOWED_ORIGIN, translateBody } from './requests.js';

/**
 * Malformed, oversize and unauthenticated requests. Each case is a function of a PRNG and a
 * pool of valid tokens, so the fuzz loop mixes structure (which check fires) with random
 * content (what the parser and validator see).
 */
export interface FuzzCase {
  kind: string;
  path: string;
  init: RequestInit & { duplex?: 'half' };
}

export function randomString(rand: () => number, length: number, alphabet?: string): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    s += alphabet ? alphabet[Math.floor(rand() * alphabet.length)] : String.fromCharCode(Math.floor(rand() * 0xffff));
  }
  return s;
}

export const JUNK_VALUES: unknown[] = [null, true, 0, -1, 1e308, '', [], {}, 'x'.repeat(5000), [1, 2, 3], { text: 'nested' }];

export function fuzzCase(rand: () => number, tokens: readonly string[]): FuzzCase {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const auth = { authorization: `Bearer ${pick(tokens)}`, 'content-type': 'application/json' };
  const kinds: (() => FuzzCase)[] = [
    () => ({ kind: 'no-auth', path: '/v1/translate', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(translateBody('hello')) } }),
    () => ({ kind: 'bad-scheme', path: '/v1/translate', init: { method: 'POST', headers: { 'content-type': 'application/json', authorization: `${pick(['Basic', 'Token', 'bearer', ''])} ${randomString(rand, 20, 'abcXYZ019=')}` }, body: '{}' } }),
    () => ({ kind: 'garbage-token', path: '/v1/translate', init: { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${randomString(rand, 1 + Math.floor(rand() * 300), 'abcdefghijklmnopqrstuvwxyzABCDEF0123456789-_.')}` }, body: JSON.stringify(translateBody('hi')) } }),
    () => ({ kind: 'tampered-token', path: '/v1/translate', init: { method: 'POST', headers: { ...auth, authorization: `${auth.authorization.slice(0, -4)}AAAA` }, body: JSON.stringify(translateBody('hi')) } }),
    () => ({ kind: 'garbage-body', path: '/v1/translate', init: { method: 'POST', headers: auth, body: randomString(rand, Math.floor(rand() * 2000)) } }),
    () => ({ kind: 'truncated-json', path: '/v1/translate', init: { method: 'POST', headers: auth, body: JSON.stringify(translateBody('good morning')).slice(0, Math.floor(rand() * 60)) } }),
    () => ({ kind: 'deep-json', path: '/v1/translate', init: { method: 'POST', headers: auth, body: '['.repeat(8000) + ']'.repeat(8000) } }),
    () => ({ kind: 'wrong-types', path: '/v1/translate', init: { method: 'POST', headers: auth, body: JSON.stringify(translateBody('x', { [pick(['text', 'source', 'target', 'redaction', 'label'])]: pick(JUNK_VALUES) })) } }),
    () => ({ kind: 'extra-key', path: '/v1/translate', init: { method: 'POST', headers: auth, body: JSON.stringify({ ...translateBody('x'), [randomString(rand, 6, 'abcdef')]: 1 }) } }),
    () => ({ kind: 'label', path: '/v1/translate', init: { method: 'POST', headers: auth, body: JSON.stringify(translateBody('my name is Ana', { label: pick(['raw', 'personal', 'public', 'SANITIZED', 'sanitized ', '']) })) } }),
    () => ({ kind: 'control-chars', path: '/v1/translate', init: { method: 'POST', headers: auth, body: JSON.stringify(translateBody(`hello${pick(['\u0000', '\u001b[31m', '\u007f', '\u0085', '\ud800'])}world`)) } }),
    () => ({ kind: 'too-long-text', path: '/v1/translate', init: { method: 'POST', headers: auth, body: JSON.stringify(translateBody('a'.repeat(4001 + Math.floor(rand() * 8000)))) } }),
    () => ({ kind: 'oversize', path: '/v1/translate', init: { method: 'POST', headers: auth, body: JSON.stringify(translateBody('b'.repeat(17_000 + Math.floor(rand() * 50_000)))) } }),
    () => ({
      kind: 'oversize-chunked',
      path: '/v1/translate',
      init: {
        method: 'POST',
        headers: auth,
        duplex: 'half',
        // No Content-Length: the limit must be enforced while streaming.
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('c'.repeat(1024)));
            controller.close();
          },
        }),
      },
    }),
    () => ({ kind: 'content-type', path: '/v1/translate', init: { method: 'POST', headers: { ...auth, 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '']) }, body: JSON.stringify(translateBody('x')) } }),
    () => ({ kind: 'method', path: '/v1/translate', init: { method: pick(['PUT', 'DELETE', 'PATCH', 'GET']), headers: auth } }),
    () => ({ kind: 'path', path: `/${randomString(rand, 1 + Math.floor(rand() * 40), 'abc/._-%0123')}`, init: { method: pick(['GET', 'POST']) } }),
    () => ({ kind: 'evil-origin', path: pick(['/v1/translate', '/healthz', '/v1/languages']), init: { method: pick(['POST', 'OPTIONS', 'GET']), headers: { origin: pick(['https://evil.example', 'null', `${ALLOWED_ORIGIN}.evil.example`, 'http://127.0.0.1']), 'access-control-request-method': 'POST' } } }),
    () => ({ kind: 'bad-idempotency-key', path: '/v1/translate', init: { method: 'POST', headers: { ...auth, 'idempotency-key': pick(['has space', 'x'.repeat(300), 'é']) }, body: JSON.stringify(translateBody('x')) } }),
    () => ({ kind: 'language-code', path: '/v1/translate', init: { method: 'POST', headers: auth, body: JSON.stringify(translateBody('x', { [pick(['source', 'target'])]: pick(['ENG', 'e', 'english', '../etc', 'eng|spa', 'eng;rm']) })) } }),
  ];
  return pick(kinds)();
}
