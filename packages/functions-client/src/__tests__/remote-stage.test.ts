import { baselineCapabilities, createTandem, defineSanitizer, defineSanitizerStage, defineStage, personal, pipeline, PrivacyViolationError, type Sanitized } from '@tandem/core';
import { createFunctionsApp, defineFunction, defineRoute, silentLogger } from '@tandem/functions';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createFunctionsClient, createFunctionsTransport, createTranslateClient, EndpointNotAllowedError, remoteStage, type TranslateInput } from '../index.js';
import { moodRoute } from './support/mood-route.js';

/**
 * A remote stage of the developer's own against the real function app (Hono, in process: its
 * `fetch` is the transport's network), through core's pipeline and privacy boundary.
 */

/**
 * The function; with `loseAnswers`, the network loses that many answers after the function ran
 * (the crash window of exactly-once: the client sees a network error, the function kept the answer).
 */
function functionApp(loseAnswers = 0) {
  let runs = 0;
  let lost = 0;
  const app = createFunctionsApp({
    auth: false,
    allowedOrigins: [],
    logger: silentLogger,
    functions: [
      defineFunction({
        ...moodRoute,
        handler({ input }) {
          runs++;
          return { mood: input.text.includes('love') ? 'happy' : 'neutral' };
        },
      }),
    ],
  });
  const urls: string[] = [];
  const fetchThrough = async (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push(String(input));
    const res = await app.fetch(new Request(input, init));
    if (lost < loseAnswers) {
      lost++;
      throw new TypeError('Failed to fetch (the answer was lost on the way back)');
    }
    return res;
  };
  return { fetch: fetchThrough as typeof fetch, urls, runs: () => runs };
}

const redact = defineSanitizer({ name: 'redact-names', sanitize: (t: string) => ({ text: t.replace(/\bAna\b/g, '⟦1⟧') }) });

describe('remoteStage', () => {
  test('runs through the boundary; a retry that the function replays shows as attempts 2, replayed in the trace', async () => {
    const fn = functionApp(1);
    const client = createFunctionsClient({ endpoint: 'https://fn.example', fetch: fn.fetch, queue: false, timeoutMs: 1_000, retries: 2, backoff: { initialDelayMs: 10, maxDelayMs: 10 } });
    const mood = remoteStage({ client, name: 'mood', region: 'eu', ...moodRoute, fromOutput: (o) => o.mood });
    const tandem = createTandem({ policy: { version: 't', mode: 'prefer-remote' }, transport: createFunctionsTransport(client), capabilities: baselineCapabilities() });
    const p = pipeline('mood', 'personal').then(defineSanitizerStage({ name: 'redact', sanitizer: redact })).then(mood);
    const result = await tandem.run(p, personal('i love Ana'));
    expect(result.output).toMatchObject({ label: 'sanitized', value: 'happy' });
    expect(result.trace.stages.at(-1)).toMatchObject({ stage: 'mood', placement: 'remote', backend: 'remote', attempts: 2, replayed: true });
    // The handler ran once: the second attempt got the stored answer under the same key.
    expect(fn.runs()).toBe(1);
    expect(fn.urls).toEqual(['https://fn.example/v1/mood', 'https://fn.example/v1/mood']);
  });

  test('sends to the stage\'s own endpoint, host included, when the client allows that origin', async () => {
    const fn = functionApp();
    const client = createFunctionsClient({ endpoint: 'https://fn.example', allowedOrigins: ['https://eu.fn.example'], fetch: fn.fetch, queue: false, timeoutMs: 1_000 });
    const mood = remoteStage({ client, name: 'mood', region: 'eu', endpoint: 'https://eu.fn.example/v1/mood', ...moodRoute });
    const tandem = createTandem({ policy: { version: 't', mode: 'remote-only' }, transport: createFunctionsTransport(client), capabilities: baselineCapabilities() });
    await tandem.run(pipeline('m', 'sanitized').then(mood), redact(personal('hello there')));
    expect(fn.urls).toEqual(['https://eu.fn.example/v1/mood']);
  });

  test('refuses an endpoint on another host, at definition and at send, and nothing is fetched', async () => {
    const fn = functionApp();
    const client = createFunctionsClient({ endpoint: 'https://fn.example', fetch: fn.fetch, queue: false });
    expect(() => remoteStage({ client, name: 'mood', region: 'eu', endpoint: 'https://elsewhere.example/v1/mood', ...moodRoute })).toThrow(EndpointNotAllowedError);
    // A stage declared by hand with a foreign endpoint: the transport refuses instead of redirecting.
    const foreign = defineStage<{ text: string }, unknown, 'sanitized'>({ name: 'translate', outputLabel: 'sanitized', remote: { endpoint: 'https://elsewhere.example/v1/translate', region: 'us' } });
    const tandem = createTandem({ policy: { version: 't', mode: 'remote-only' }, transport: createFunctionsTransport(client), capabilities: baselineCapabilities() });
    const error = await tandem.run(pipeline('t', 'sanitized').then(foreign), redact(personal('hello'))).catch((e: unknown) => e);
    expect(JSON.stringify(error)).toContain('ENDPOINT_NOT_ALLOWED');
    expect(fn.urls).toEqual([]);
  });

  test('an input outside the route schema is a ValidationError before anything leaves', async () => {
    const fn = functionApp();
    const client = createFunctionsClient({ endpoint: 'https://fn.example', fetch: fn.fetch, queue: false });
    const mood = remoteStage({ client, name: 'mood', region: 'eu', ...moodRoute, toInput: (p: { text: string }) => ({ text: p.text, extra: 1 }) });
    const tandem = createTandem({ policy: { version: 't', mode: 'remote-only' }, transport: createFunctionsTransport(client), capabilities: baselineCapabilities() });
    const error = await tandem.run(pipeline('m', 'sanitized').then(mood), redact(personal('hello'))).catch((e: unknown) => e);
    expect(JSON.stringify(error)).toContain('extra: unexpected key');
    expect(fn.urls).toEqual([]);
  });
});

describe('a route contract in zod (any Standard Schema)', () => {
  test('validates on both sides: the stage runs, and a bad input is refused on the device', async () => {
    const route = defineRoute({ route: '/v1/echo', input: z.object({ text: z.string().max(10) }), output: z.object({ echo: z.string() }) });
    const app = createFunctionsApp({ auth: false, allowedOrigins: [], logger: silentLogger, functions: [defineFunction({ ...route, handler: ({ input }) => ({ echo: input.text }) })] });
    const urls: string[] = [];
    const client = createFunctionsClient({ endpoint: 'https://fn.example', queue: false, fetch: ((input: RequestInfo | URL, init?: RequestInit) => (urls.push(String(input)), Promise.resolve(app.fetch(new Request(input, init))))) as typeof fetch });
    const echo = remoteStage({ client, name: 'echo', region: 'eu', ...route, fromOutput: (o) => o.echo });
    const tandem = createTandem({ policy: { version: 't', mode: 'remote-only' }, transport: createFunctionsTransport(client), capabilities: baselineCapabilities() });
    expect((await tandem.run(pipeline('e', 'sanitized').then(echo), redact(personal('hi Ana')))).output.value).toBe('hi ⟦1⟧');
    const error = await tandem.run(pipeline('e', 'sanitized').then(echo), redact(personal('far too long for ten'))).catch((e: unknown) => e);
    expect(JSON.stringify(error)).toContain('VALIDATION');
    expect(urls).toHaveLength(1);
  });
});

describe('the translate client sends only what core minted as sanitized', () => {
  test('a hand-written { label: "sanitized" } look-alike is refused before any request', async () => {
    const fn = functionApp();
    const client = createTranslateClient({ endpoint: 'https://fn.example', fetch: fn.fetch, queue: false });
    const lookAlike = { label: 'sanitized', sanitizer: 'me', value: { text: 'Ana', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] } } } as unknown as Sanitized<TranslateInput>;
    await expect(client.translate(lookAlike)).rejects.toBeInstanceOf(PrivacyViolationError);
    expect(fn.urls).toEqual([]);
  });
});
