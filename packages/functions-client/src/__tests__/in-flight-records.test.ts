import { baselineCapabilities, createTandem, defineSanitizer, personal, pipeline } from '@tandem/core';
import { createFunctionsApp, defineFunction, silentLogger } from '@tandem/functions';
import { describe, expect, test, vi } from 'vitest';
import { createFunctionsClient, createFunctionsTransport, remoteStage, type FunctionsClient, type OfflineQueue, type QueuedRequest } from '../index.js';
import { moodRoute } from './support/mood-route.js';

/**
 * Calls kept in the offline queue while in flight on a session (in-flight-records.ts), against
 * the real function app in process. The session has no WebSocket here (Node 20), so its calls go
 * over HTTP with `no-websocket`; the record is the same for either transport of a session, and
 * the e2e spec `session-channel` covers the channel and a real reload in Chromium.
 */

/** The queue's interface over a Map (IndexedDB's own behaviour is covered by the e2e specs). */
function memoryQueue(): OfflineQueue {
  const items = new Map<string, QueuedRequest>();
  return {
    put: async (item) => void items.set(item.id, structuredClone(item)),
    remove: async (id) => void items.delete(id),
    list: async () => [...items.values()].sort((a, b) => a.enqueuedAt - b.enqueuedAt),
  };
}

/** The function, whose handler waits for `release()`; each request's idempotency key is kept in order. */
function heldFunction() {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let runs = 0;
  const app = createFunctionsApp({
    auth: false,
    allowedOrigins: [],
    logger: silentLogger,
    functions: [
      defineFunction({
        ...moodRoute,
        async handler() {
          runs++;
          await held;
          return { mood: 'calm' };
        },
      }),
    ],
  });
  const keys: string[] = [];
  const fetchThrough = (input: RequestInfo | URL, init?: RequestInit) => {
    keys.push(new Headers(init?.headers).get('idempotency-key') ?? '');
    return Promise.resolve(app.fetch(new Request(input, init)));
  };
  return { fetch: fetchThrough as typeof fetch, keys, runs: () => runs, release };
}

const redact = defineSanitizer({ name: 'plain', sanitize: (t: string) => ({ text: t }) });

/** A page: a client on `queue` with a session open and a mood stage, and a run of one text. */
function page(fn: ReturnType<typeof heldFunction>, queue: OfflineQueue, { deferrable = true, session = true } = {}) {
  const client: FunctionsClient = createFunctionsClient({ endpoint: 'https://fn.example', fetch: fn.fetch, queue, timeoutMs: 5_000, retries: 0 });
  if (session) client.openSession({ WebSocket: undefined });
  const mood = remoteStage({ client, name: 'mood', region: 'eu', ...moodRoute, deferrable, fromOutput: (o) => o.mood });
  const tandem = createTandem({ policy: { version: 't', mode: 'remote-only' }, transport: createFunctionsTransport(client), capabilities: baselineCapabilities() });
  return { client, run: (text: string) => tandem.run(pipeline('m', 'sanitized').then(mood), redact(personal(text))) };
}

describe('calls kept while in flight on a session', () => {
  test('its own page never sends it twice; the next page (a reload) delivers it under the same key; the handler runs once', async () => {
    const fn = heldFunction();
    const queue = memoryQueue();
    const first = page(fn, queue);
    const answered = first.run('a quiet evening');
    await vi.waitFor(() => expect(fn.keys).toHaveLength(1));
    const key = fn.keys[0]!;
    // Kept before it left, with what is needed to send it again.
    expect(await first.client.queued()).toMatchObject([{ id: key, url: 'https://fn.example/v1/mood', route: '/v1/mood', request: { text: 'a quiet evening', label: 'sanitized' } }]);
    // The page's own delivery loop leaves it alone while it is in flight.
    expect(await first.client.flush()).toEqual({ delivered: 0, remaining: 1 });
    expect(fn.keys).toHaveLength(1);

    // The reload: a new client on the same queue; the first page's promise has no one waiting.
    const second = page(fn, queue);
    const delivered: { id: string; mood: unknown; replayed: boolean }[] = [];
    second.client.on('delivered', ({ id, result }) => delivered.push({ id, mood: (result as { mood?: unknown }).mood, replayed: result.replayed }));
    const flushed = second.client.flush();
    await vi.waitFor(() => expect(fn.keys).toHaveLength(2));
    fn.release();
    expect(await flushed).toEqual({ delivered: 1, remaining: 0 });
    expect(delivered).toEqual([{ id: key, mood: 'calm', replayed: true }]);
    expect(fn.keys).toEqual([key, key]);
    expect(fn.runs()).toBe(1);

    // The first page's answer arrives too (in a real reload nobody hears it); nothing is left queued.
    expect((await answered).output.value).toBe('calm');
    await vi.waitFor(async () => expect(await queue.list()).toEqual([]));
  });

  test('an answered call leaves no record, so a later delivery loop sends nothing', async () => {
    const fn = heldFunction();
    fn.release();
    const queue = memoryQueue();
    const p = page(fn, queue);
    expect((await p.run('sunny')).output.value).toBe('calm');
    await vi.waitFor(async () => expect(await queue.list()).toEqual([]));
    expect(await page(fn, queue).client.flush()).toEqual({ delivered: 0, remaining: 0 });
    expect(fn.keys).toHaveLength(1);
  });

  test('not kept without a session (HTTP as before) or for a stage that may not be delivered later', async () => {
    const fn = heldFunction();
    const queue = memoryQueue();
    const runs = [page(fn, queue, { session: false }).run('one'), page(fn, queue, { deferrable: false }).run('two')];
    await vi.waitFor(() => expect(fn.keys).toHaveLength(2));
    expect(await queue.list()).toEqual([]);
    fn.release();
    await Promise.all(runs);
  });
});
