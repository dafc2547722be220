import { createFunctionsClient, createFunctionsTransport, createOfflineQueue, remoteStage, translateRoute, type ChannelSession, type FunctionsClient } from '@tandem/functions-client';
import { baselineCapabilities, createTandem, defineSanitizer, personal, pipeline, type Tandem } from '@tandem/core';

/**
 * Drives a remote stage over the session channel from Playwright: the spec starts the real
 * translate function; this page runs each utterance through core's boundary and reports the
 * stage's trace row (transport, fallback, attempts, replayed), never the text it sent.
 */
export interface ChannelSetup {
  endpoint: string;
  token: string;
  timeoutMs?: number;
  retries?: number;
  /** Fixed delay between retries (ms), for a spec that restarts the function meanwhile. */
  retryDelayMs?: number;
  /** With the client's IndexedDB offline queue (this page's own database), for the reload spec; default none. */
  queue?: boolean;
}

/** A call delivered by the client's delivery loop (after a reload: the page that sent it is gone). */
export interface Delivery {
  id: string;
  translation: string;
  transport: string | undefined;
  replayed: boolean;
}

export interface Utterance {
  output: string;
  transport: string | undefined;
  transportFallback: string | undefined;
  attempts: number | undefined;
  replayed: boolean | undefined;
  ms: number;
}

declare global {
  interface Window {
    sc: {
      init(setup: ChannelSetup): void;
      /** The token the client hands out from now on (a fresh one after the last expired). */
      setToken(token: string): void;
      openSession(): void;
      closeSession(): void;
      sessionState(): string;
      /** One utterance: redact on the device → translate (remote stage) → its trace row. */
      utter(text: string): Promise<Utterance | { error: string }>;
      /** Idempotency keys in the client's offline queue (calls kept while in flight, or deferred). */
      queuedIds(): Promise<string[]>;
      /** Starts the client's delivery loop (now, then every 500 ms). */
      start(): void;
      /** What the delivery loop delivered in this page. */
      deliveries(): Delivery[];
    };
  }
}

let client: FunctionsClient | undefined;
let tandem: Tandem | undefined;
let session: ChannelSession | undefined;
let translate: ReturnType<typeof translateStage> | undefined;
let token = '';
const deliveries: Delivery[] = [];

/** The utterances hold no personal data; the boundary still wants a declared sanitizer's output. */
const redact = defineSanitizer({ name: 'e2e-redact', sanitize: (text: string) => ({ text, redaction: { version: 1 as const, placeholders: [] as string[] } }) });

/** Deferrable (with a queue): its calls may be delivered later, so the client keeps them while in flight. */
function translateStage(c: FunctionsClient, deferrable: boolean) {
  return remoteStage({ client: c, name: 'translate', region: 'local', ...translateRoute, deferrable, toInput: (doc: { text: string; redaction: { version: 1; placeholders: string[] } }) => ({ ...doc, source: 'eng', target: 'spa' }), fromOutput: (o) => o.translation });
}

function show(): void {
  const el = document.getElementById('session');
  if (el) el.textContent = session?.state ?? 'none';
}

window.sc = {
  init(setup) {
    token = setup.token;
    client = createFunctionsClient({
      endpoint: setup.endpoint,
      token: () => token,
      timeoutMs: setup.timeoutMs ?? 5_000,
      retries: setup.retries ?? 2,
      queue: setup.queue === true ? createOfflineQueue('e2e-session-channel') : false,
      retryIntervalMs: 500,
      ...(setup.retryDelayMs ? { backoff: { initialDelayMs: setup.retryDelayMs, maxDelayMs: setup.retryDelayMs }, breaker: { failures: 100 } } : {}),
    });
    client.on('delivered', ({ id, result }) => deliveries.push({ id, translation: String((result as { translation?: unknown }).translation), transport: result.transport, replayed: result.replayed }));
    translate = translateStage(client, setup.queue === true);
    tandem = createTandem({
      policy: { version: 'e2e-session-channel', mode: 'remote-only' },
      transport: createFunctionsTransport(client),
      capabilities: () => baselineCapabilities({ online: navigator.onLine }),
    });
  },
  setToken(next) {
    token = next;
  },
  openSession() {
    if (!client) throw new Error('call sc.init first');
    session = client.openSession();
    show();
  },
  closeSession() {
    session?.close();
    show();
  },
  sessionState: () => session?.state ?? 'none',
  queuedIds: async () => (client ? (await client.queued()).map((q) => q.id) : []),
  start() {
    if (!client) throw new Error('call sc.init first');
    client.start();
  },
  deliveries: () => deliveries,
  async utter(text) {
    if (!client || !tandem || !translate) throw new Error('call sc.init first');
    const started = performance.now();
    try {
      const result = await tandem.run(pipeline('mt', 'sanitized').then(translate), redact(personal(text)));
      const row = result.trace.stages.at(-1);
      show();
      return {
        output: String(result.output.value),
        transport: row?.transport,
        transportFallback: row?.transportFallback,
        attempts: row?.attempts,
        replayed: row?.replayed,
        ms: performance.now() - started,
      };
    } catch (error) {
      return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  },
};
document.getElementById('status')!.textContent = 'ready';
