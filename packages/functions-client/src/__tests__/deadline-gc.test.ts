import { RemoteUnavailableError, defineSanitizer, personal, type Personal, type Sanitized } from '@tandem/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTranslateClient } from '../index.js';

/**
 * The client's per-attempt deadline (cockatiel's aggressive timeout: a timer that holds its
 * AbortController, raced against the attempt) must fire on time on Node 20 too, where
 * `AbortSignal.any` + `AbortSignal.timeout` stop firing after a garbage collection
 * (nodejs/node#57736). The function here is a real HTTP server that accepts and never answers.
 * The package compiles without Node's types (it ships to browsers), so the Node modules this
 * test needs are taken through `process.getBuiltinModule` with the little they are used for typed.
 */
interface StalledServer {
  listen(port: number, host: string, done: () => void): void;
  address(): { port: number };
  closeAllConnections(): void;
  close(done: () => void): void;
}
interface NodeBuiltins {
  getBuiltinModule(id: 'node:http'): { createServer(handler: (req: unknown, res: { destroy(): void }) => void): StalledServer };
  getBuiltinModule(id: 'node:v8'): { setFlagsFromString(flags: string): void };
  getBuiltinModule(id: 'node:vm'): { runInNewContext(code: string): unknown };
}
const node = (globalThis as unknown as { process: NodeBuiltins }).process;
node.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
const gc = node.getBuiltinModule('node:vm').runInNewContext('gc') as () => void;

let server: StalledServer;
let endpoint: string;
const held: { destroy(): void }[] = [];

beforeAll(async () => {
  server = node.getBuiltinModule('node:http').createServer((_req, res) => held.push(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${server.address().port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(resolve));
});

async function underGc(work: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const collector = setInterval(gc, 20);
  try {
    await work();
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  } finally {
    clearInterval(collector);
  }
}

/** The test's text has no personal data: a declared sanitizer that changes nothing mints it. */
function asIs<T>(value: Personal<T>): Sanitized<T> {
  return defineSanitizer<T, T>({ name: 'test-as-is', sanitize: (x) => x })(value);
}

test('translate and punctuate against a function that never answers end with reason "timeout" at the deadline, GC or not', async () => {
  const client = createTranslateClient({ endpoint, timeoutMs: 300, retries: 0, queue: false, breaker: { failures: 100 } });
  const caller = new AbortController(); // a caller signal that never fires rides along
  const redaction = { version: 1, placeholders: [] };
  const translate = await underGc(() => client.translate(asIs(personal({ text: 'good morning', source: 'eng', target: 'spa', redaction })), { signal: caller.signal }));
  expect(translate.error).toBeInstanceOf(RemoteUnavailableError);
  expect((translate.error as RemoteUnavailableError).details.reason).toBe('timeout');
  expect(translate.ms).toBeGreaterThanOrEqual(290);
  expect(translate.ms).toBeLessThan(2_000);
  const punctuate = await underGc(() => client.punctuate(asIs(personal({ text: 'where do you live', redaction }))));
  expect((punctuate.error as RemoteUnavailableError).details.reason).toBe('timeout');
  expect(punctuate.ms).toBeLessThan(2_000);
  client.dispose();
});
