import { SignJWT } from 'jose';
import { JUNK_VALUES, fuzzCase, randomString, type FuzzCase } from './fuzz.js';
import { ALLOWED_ORIGIN, AUDIENCE, SECRET, token, translateBody } from './requests.js';

/**
 * The bad-input suite's requests: every way a client can get a request wrong, each category a
 * function of a seeded PRNG (so a failure replays from its index), taken in turn so that every
 * category appears whatever the count. None of them is valid: each must end in a 4xx problem.
 */
export interface BadInput extends FuzzCase {
  /** The statuses this request may get; any 4xx when absent (e.g. auth decides first). */
  expect?: readonly number[];
}

/** Tokens that must all be refused (401, or 403 for a valid token without the scope). */
export interface BadTokens {
  valid: readonly string[];
  refused: readonly { name: string; token: string; status: number }[];
}

const enc = new TextEncoder();
const b64url = (s: string) => btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

export async function badTokens(subjects: number): Promise<BadTokens> {
  const key = enc.encode(SECRET);
  const now = Math.floor(Date.now() / 1000);
  const claims = { scope: 'translate' };
  const signed = (header: { alg: string }, build: (j: SignJWT) => SignJWT, secret = key) => build(new SignJWT(claims).setProtectedHeader({ ...header, typ: 'JWT' })).sign(secret);
  const full = (j: SignJWT) => j.setSubject('jwt-user').setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m');
  return {
    valid: await Promise.all(Array.from({ length: subjects }, (_, i) => token(`bad-input-${i}`))),
    refused: [
      { name: 'alg none', token: `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: 'x', aud: AUDIENCE, scope: 'translate', iat: now, exp: now + 60 }))}.`, status: 401 },
      { name: 'HS512 instead of HS256', token: await signed({ alg: 'HS512' }, full), status: 401 },
      { name: 'another secret', token: await token('x', { secret: 'another-secret-that-is-at-least-32-bytes-long' }), status: 401 },
      { name: 'expired', token: await token('x', { ttlSeconds: -30 }), status: 401 },
      { name: 'wrong audience', token: await token('x', { audience: 'someone-else' }), status: 401 },
      { name: 'lifetime over 15 min', token: await token('x', { ttlSeconds: 3600 }), status: 401 },
      { name: 'no subject', token: await signed({ alg: 'HS256' }, (j) => j.setAudience(AUDIENCE).setIssuedAt().setExpirationTime('5m')), status: 401 },
      { name: 'no expiry', token: await signed({ alg: 'HS256' }, (j) => j.setSubject('x').setAudience(AUDIENCE).setIssuedAt()), status: 401 },
      { name: 'issued in the future', token: await signed({ alg: 'HS256' }, (j) => j.setSubject('x').setAudience(AUDIENCE).setIssuedAt(now + 3600).setExpirationTime(now + 3900)), status: 401 },
      { name: 'not yet valid', token: await signed({ alg: 'HS256' }, (j) => full(j).setNotBefore(now + 600)), status: 401 },
      { name: 'without the translate scope', token: await token('x', { scope: 'read' }), status: 403 },
      { name: 'payload edited, signature kept', token: await token('x').then((t) => { const [h, , s] = t.split('.'); return `${h}.${b64url(JSON.stringify({ sub: 'admin', aud: AUDIENCE, scope: 'translate', iat: now, exp: now + 60 }))}.${s}`; }), status: 401 },
      { name: 'two segments', token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0', status: 401 },
    ],
  };
}

type Route = '/v1/translate' | '/v1/punctuate';

function bodyFor(route: Route, text: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = translateBody(text, overrides);
  if (route === '/v1/punctuate') {
    delete base.source;
    delete base.target;
  }
  return base;
}

/** The categories, in the order they are taken; each returns one request. */
function categories(rand: () => number, tokens: BadTokens): ((route: Route) => BadInput)[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const auth = () => ({ authorization: `Bearer ${pick(tokens.valid)}`, 'content-type': 'application/json' });
  const post = (kind: string, path: string, body: BodyInit, expect?: readonly number[], headers: Record<string, string> = auth()): BadInput => ({
    kind,
    path,
    init: { method: 'POST', headers, body },
    ...(expect ? { expect } : {}),
  });
  const json = (kind: string, route: Route, value: unknown, expect: readonly number[] = [400]) => post(kind, route, JSON.stringify(value), expect);
  const valid = (route: Route) => bodyFor(route, 'good morning');
  return [
    // Malformed JSON.
    (route) => post('malformed-json', route, pick([
      '{', '}', '{"text": "good', "{'text': 'hello'}", '{"text": "x",}', '{"text": NaN}', '{"text": "x" /* c */}', '{"text": undefined}',
      JSON.stringify(valid(route)) + '}', JSON.stringify(valid(route)).replace(':', '='), '', ' ', 'null', 'nul',
      '{"text": "\\x41"}', '{"text": "\\u12"}', '{"text": "tab\there"}', JSON.stringify(valid(route)).slice(0, 1 + Math.floor(rand() * 60)),
    ]), [400]),
    // Valid JSON that is not an object of the schema.
    (route) => json('not-an-object', route, pick([null, true, 42, 'sanitized', [], [valid(route)], { ...valid(route), text: undefined }])),
    // Duplicate keys: JSON.parse keeps the last, which is the bad one.
    (route) => post('duplicate-keys', route, JSON.stringify(valid(route)).replace(/}$/, ',"label":"raw"}'), [400]),
    // Content types.
    (route) => post('content-type', route, JSON.stringify(valid(route)), [415], { ...auth(), 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/ld+json', 'json', 'application/json-patch+json', '*/*', 'text/json']) }),
    (route) => post('no-content-type', route, new Blob([JSON.stringify(valid(route))]), [415], { authorization: auth().authorization }),
    // Missing fields, top level and nested.
    (route) => {
      const body = valid(route);
      const field = pick(Object.keys(body));
      delete body[field];
      return json(`missing-${field}`, route, body);
    },
    (route) => json('missing-redaction-field', route, { ...valid(route), redaction: pick([{ version: 1 }, { placeholders: [] }, {}]) }),
    // Wrong types, top level and nested.
    (route) => json('wrong-type', route, { ...valid(route), [pick(Object.keys(valid(route)))]: pick(JUNK_VALUES) }),
    (route) => json('wrong-nested-type', route, { ...valid(route), redaction: { version: pick([-1, 1.5, '', 'x'.repeat(40), null, [], {}]), placeholders: [] } }),
    (route) => json('extra-key', route, { ...valid(route), [randomString(rand, 1 + Math.floor(rand() * 10), 'abcdefghij_$')]: pick(JUNK_VALUES) }),
    (route) => json('extra-nested-key', route, { ...valid(route), redaction: { version: 1, placeholders: [], mapping: { '⟦1⟧': 'maria' } } }),
    // Huge: over the body limit (413), over the text limit (400), too many placeholders (400).
    (route) => post('oversize-body', route, JSON.stringify(bodyFor(route, 'b'.repeat(17_000 + Math.floor(rand() * 40_000)))), [413]),
    (route) => {
      // Over 4000 characters (code points, as the schema counts them) yet under the body limit.
      const chars = 4001 + Math.floor(rand() * 30);
      return json('text-too-long', route, bodyFor(route, Array.from(pick(['a', 'word ', 'é', '😀']).repeat(chars)).slice(0, chars).join('')));
    },
    (route) => json('too-many-placeholders', route, { ...valid(route), redaction: { version: 1, placeholders: Array.from({ length: 257 }, (_, i) => `⟦${i + 1}⟧`) } }),
    // Nested: deep arrays and objects (the parser's stack), and depth inside the schema.
    (route) => post('deep-json', route, pick(['[', '{"a":'].map((open) => open.repeat(2000 + Math.floor(rand() * 1000)))) + '1', [400]),
    (route) => post('deep-json-closed', route, '['.repeat(5000) + ']'.repeat(5000), [400]),
    (route) => {
      let nested: unknown = 'x';
      for (let i = 0; i < 200 + Math.floor(rand() * 400); i++) nested = { text: nested };
      return json('nested-text', route, { ...valid(route), text: nested });
    },
    // Unicode edge cases the schema refuses: controls, lone surrogates, blank text.
    (route) => json('control-characters', route, bodyFor(route, `good ${pick(['\u0000', '\u0007', '\u001b[2J', '\u007f', '\u0085', '\u009b', '\u000b', '\u000c'])} morning`)),
    (route) => post('lone-surrogate', route, JSON.stringify(valid(route)).replace('good morning', pick(['good \\ud800 morning', '\\udfff', 'x\\ud83d', '\\ude00x', '\\ud800\\ud800'])), [400]),
    (route) => json('blank-text', route, bodyFor(route, pick(['', ' ', '\t\n', '\u3000', '\u00a0\u2003', '\ufeff']))),
    // Invalid UTF-8 and other binary, sent as "JSON".
    (route) => post('binary', route, new Uint8Array(Array.from({ length: 1 + Math.floor(rand() * 3000) }, () => Math.floor(rand() * 256))), [400]),
    (route) => post('invalid-utf8-in-json', route, new Uint8Array([...enc.encode('{"text":"good '), pick([0xff, 0xc0, 0xed]), 0xa0, 0x80, ...enc.encode(` morning","redaction":{"version":1,"placeholders":[]},"label":"sanitized"${route === '/v1/translate' ? ',"source":"eng","target":"spa"' : ''}}`)]), [400]),
    (route) => post('gzip-bytes', route, new Uint8Array([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, ...enc.encode('garbage')]), [400], { ...auth(), 'content-encoding': 'identity' }),
    (route) => post('base64-body', route, btoa(JSON.stringify(valid(route))), [400], { ...auth(), ...(rand() < 0.5 ? { 'content-transfer-encoding': 'base64' } : {}) }),
    // Placeholders that are not the redactor's ⟦n⟧.
    (route) => json('bad-placeholder', route, {
      ...bodyFor(route, 'hello world i said good monday'),
      redaction: { version: 1, placeholders: [pick(['hello', 'i', 'monday', 'good', 'I', '⟦P1⟧', '⟦0⟧', '⟦01⟧', '⟦ 1 ⟧', '⟦10000⟧', '⟦١⟧', '[1]', '⟦⟧', 'x'.repeat(300), '⟦1⟧⟦2⟧', ''])] },
    }),
    (route) => json('placeholder-type', route, { ...valid(route), redaction: { version: 1, placeholders: pick([[1], [null], [['⟦1⟧']], [{ '⟦1⟧': 'x' }], '⟦1⟧', { 0: '⟦1⟧' }]) } }),
    // Labels other than "sanitized".
    (route) => json('label', route, bodyFor(route, 'my name is ana', { label: pick(['raw', 'personal', 'public', 'SANITIZED', 'Sanitized', 'sanitized ', ' sanitized', '', 'ѕanitized', 'sanitised', 'sanitized\u200b']) })),
    // Language codes: not a code, or a pair apertium does not offer.
    () => json('language-code', '/v1/translate', translateBody('hello', { [pick(['source', 'target'])]: pick(['ENG', 'e', 'english', '../etc', 'eng|spa', 'eng;rm', 'ｅｎｇ', 'eng_', 'eng-US', ' eng', 'eng_US_x_y']) })),
    () => json('unsupported-pair', '/v1/translate', translateBody('good morning', pick([{ source: 'eng', target: 'deu' }, { source: 'spa', target: 'cat' }, { source: 'eng', target: 'eng' }, { source: 'eng_US', target: 'spa' }, { source: 'fr', target: 'de' }, { source: 'cat', target: 'spa' }]))),
    // Methods and paths.
    (route) => ({ kind: 'method', path: route, init: { method: pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND']), headers: auth() }, expect: [405] }),
    () => ({ kind: 'method-on-get-route', path: pick(['/healthz', '/v1/languages']), init: { method: pick(['POST', 'PUT', 'DELETE']), headers: auth(), body: '{}' }, expect: [404, 405] }),
    () => ({ kind: 'path', path: pick(['/', '/v1', '/v1/', '/v1/translate/', '/v1/TRANSLATE', '/v1/translatex', '/v2/translate', '/v1/translate/x', '//v1/translate', '/%ff', '/v1/%74ranslate%00', `/${randomString(rand, 1 + Math.floor(rand() * 40), 'abc/._-~0123')}`]), init: { method: 'POST', headers: auth(), body: JSON.stringify(translateBody('hello')) }, expect: [404, 405] }),
    // CORS: origins off the allowlist (preflight and real), and a disallowed method from the allowed one.
    (route) => ({ kind: 'cors-origin', path: pick([route, '/healthz', '/v1/languages']), init: { method: pick(['POST', 'OPTIONS', 'GET']), headers: { ...auth(), origin: pick(['https://evil.example', 'null', `${ALLOWED_ORIGIN}.evil.example`, 'http://127.0.0.1', ALLOWED_ORIGIN.replace('http:', 'https:'), `${ALLOWED_ORIGIN}/`]), 'access-control-request-method': 'POST' } }, expect: [403] }),
    (route) => ({ kind: 'cors-preflight-method', path: route, init: { method: 'OPTIONS', headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': pick(['DELETE', 'PUT', 'PATCH', 'post']) } }, expect: [405] }),
    (route) => ({ ...json('cors-allowed-bad-body', route, { ...valid(route), label: 'raw' }), init: { method: 'POST', headers: { ...auth(), origin: ALLOWED_ORIGIN }, body: JSON.stringify({ ...valid(route), label: 'raw' }) } }),
    // JWTs: none, malformed, forged, expired, wrong claims, missing scope.
    (route) => {
      const bad = pick(tokens.refused);
      return post(`jwt-${bad.name}`, route, JSON.stringify(valid(route)), [bad.status], { 'content-type': 'application/json', authorization: `Bearer ${bad.token}` });
    },
    (route) => post('jwt-header', route, JSON.stringify(valid(route)), [401], {
      'content-type': 'application/json',
      ...(rand() < 0.2 ? {} : { authorization: pick(['', 'Bearer', 'Bearer ', `Basic ${btoa('user:pass')}`, `Token ${pick(tokens.valid)}`, `Bearer ${pick(tokens.valid)} ${pick(tokens.valid)}`, `Bearer ${'A'.repeat(8000)}`, `Bearer ${randomString(rand, 40, 'abc.-_')}`]) }),
    }),
    // Idempotency keys that are not 1–255 printable ASCII.
    () => post('idempotency-key', '/v1/translate', JSON.stringify(translateBody('good morning')), [400], { ...auth(), 'idempotency-key': pick(['has space', 'x'.repeat(256), 'tab\tkey', '']) }),
    // And the older fuzz generator's mix (its streamed oversize body aside: see the runtimes test).
    () => {
      for (;;) {
        const c = fuzzCase(rand, tokens.valid);
        if (c.kind !== 'oversize-chunked') return c;
      }
    },
  ];
}

/** `count` bad requests from `seed`, every category in turn, routes alternating. */
export function badInputs(seed: () => number, tokens: BadTokens, count: number): BadInput[] {
  const kinds = categories(seed, tokens);
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!(Math.floor(i / kinds.length) % 2 === 0 ? '/v1/translate' : '/v1/punctuate'));
}

