import { createFunctionsTransport, createTranslateClient, createTranslateTransport, ROUTES, type CircuitStateName, type TranslateClient, type TranslateInput, type TranslateResult } from '@tandem/functions-client';
import { baselineCapabilities, createTandem, defineSanitizer, defineSanitizerStage, defineStage, isTandemError, personal, pipeline, type PipelineResult, type Sanitized, type SensitivityLabel } from '@tandem/core';

/**
 * Drives @tandem/functions-client from Playwright: the spec starts and stops the real function
 * server; this page only makes the client and reports what it saw (events, results, errors).
 */
export interface ClientSetup {
  endpoint: string;
  token: string;
  timeoutMs?: number;
  retries?: number;
  failures?: number;
  halfOpenAfterMs?: number;
  retryIntervalMs?: number;
  /** Start delivering queued requests at once (online events + interval). */
  autoStart?: boolean;
}

export type Outcome =
  | { ok: true; result: TranslateResult; ms: number }
  | { ok: false; error: { name: string; code?: string; reason?: string; status?: number; message: string }; ms: number };

export interface PageEvents {
  circuit: CircuitStateName[];
  queued: { id: string; reason: string }[];
  delivered: { id: string; translation: string; replayed: boolean }[];
}

declare global {
  interface Window {
    fc: {
      init(setup: ClientSetup): Promise<void>;
      translate(text: string, options?: { whenUnavailable?: 'throw' | 'queue'; idempotencyKey?: string }): Promise<Outcome>;
      /** Starts a queued translate without waiting; its outcome lands in `outcome(key)`. */
      translateInBackground(text: string, idempotencyKey: string): void;
      outcome(key: string): Outcome | undefined;
      queuedIds(): Promise<string[]>;
      flush(): Promise<{ delivered: number; remaining: number }>;
      /** Start the client's own delivery loop (online events + interval). */
      start(): void;
      state(): CircuitStateName;
      events(): PageEvents;
      /** Personal text → on-device redaction → translate placed by core's router (prefer-remote, local fallback). */
      routerRun(text: string): Promise<{ output: string; ranOn: string | undefined; rule: string | undefined; fallbacks: string[]; explanation: string | undefined }>;
      /**
       * Personal text → redact (device) → punctuate (device or function) → translate (function
       * only, deferrable) under `mode`, started with `tandem.start`: what it settled as, and the
       * stages so far. The completion (when deferred) lands in `deferredResult()`.
       */
      pipelineStart(text: string, mode: 'prefer-local' | 'prefer-remote', target: 'spa' | 'cat'): Promise<StartedRun>;
      deferredResult(): RunSummary | { error: string } | undefined;
      /**
       * Starts the deferrable pipeline and leaves the page in the very task its deferral is
       * reported (as a user closing the tab at once would), leaving a note in sessionStorage.
       */
      startThenLeave(text: string): void;
    };
  }
}

export interface RunSummary {
  output: string;
  stages: string[];
  /** Per stage: HTTP attempts and whether the function replayed its answer (remote stages only). */
  attempts: (number | undefined)[];
  replayed: (boolean | undefined)[];
  decisions: { stage: string; choice: string; ranOn?: string; rule: string }[];
  params: unknown[];
  explanations: readonly string[];
}
export type StartedRun = ({ status: 'done' } & RunSummary) | { status: 'deferred'; stage: string; rule: string; because: string; stages: string[] };

let client: TranslateClient | undefined;
const events: PageEvents = { circuit: [], queued: [], delivered: [] };
const outcomes = new Map<string, Outcome>();

/** The test phrases hold no personal data; the client takes only what a declared sanitizer minted. */
const noPersonalData = defineSanitizer<TranslateInput, TranslateInput>({ name: 'e2e-no-personal-data', sanitize: (r) => r });

function request(text: string): Sanitized<TranslateInput> {
  return noPersonalData(personal({ text, source: 'eng', target: 'spa', redaction: { version: 1, placeholders: [] } }));
}

function need(): TranslateClient {
  if (!client) throw new Error('call fc.init first');
  return client;
}

async function run(text: string, options: { whenUnavailable?: 'throw' | 'queue'; idempotencyKey?: string }): Promise<Outcome> {
  const started = performance.now();
  try {
    const result = await need().translate(request(text), options);
    return { ok: true, result, ms: performance.now() - started };
  } catch (e) {
    const ms = performance.now() - started;
    if (isTandemError(e)) {
      const d = e.details as { reason?: string; status?: number };
      return { ok: false, error: { name: e.name, code: e.code, ...(d.reason ? { reason: d.reason } : {}), ...(d.status ? { status: d.status } : {}), message: e.message }, ms };
    }
    return { ok: false, error: { name: e instanceof Error ? e.name : 'unknown', message: String(e) }, ms };
  }
}

function show(id: string, value: string | number): void {
  const el = document.getElementById(id);
  if (el) el.textContent = String(value);
}

/** Emails become ⟦1⟧, @tandem/redaction's placeholder shape: the only one the function accepts. */
const redactEmails = defineSanitizer({ name: 'redact-emails', sanitize: (text: string) => text.replace(/\S+@\S+/g, '⟦1⟧') });

async function routerRun(text: string): ReturnType<Window['fc']['routerRun']> {
  const c = need();
  const translate = defineStage({
    name: 'translate',
    outputLabel: 'sanitized',
    local: { runner: { run: (t: string) => Promise.resolve({ output: `es(local): ${t}`, report: { backend: 'js', runMs: 0 } }) } },
    remote: { endpoint: `${c.endpoint}${ROUTES.translate}`, region: 'local', costPerCallUsd: 0 },
  });
  const tandem = createTandem({
    policy: { version: 'e2e-functions-client', mode: 'prefer-remote' },
    transport: createTranslateTransport(c, {
      toRequest: (r) => ({ text: String(r.payload), source: 'eng', target: 'spa', redaction: { version: 1, placeholders: ['⟦1⟧'] }, label: 'sanitized' }),
    }),
    capabilities: () => baselineCapabilities({ online: navigator.onLine }),
    // The router reads the client's breaker before placing the stage.
    remoteCircuit: () => c.circuitState,
  });
  const mt = pipeline('mt', 'personal').then(defineSanitizerStage({ name: 'redact', sanitizer: redactEmails })).then(translate);
  const result = await tandem.run(mt, personal(text));
  const decision = result.decisions.at(-1);
  return {
    output: String(result.output.value),
    ranOn: decision?.ranOn,
    rule: decision?.rule,
    fallbacks: (decision?.fallbacksTried ?? []).map((f) => `${f.placement}:${f.error.code ?? f.error.name}`),
    explanation: result.explanations.at(-1),
  };
}

let deferredResult: RunSummary | { error: string } | undefined;

function summary(result: PipelineResult<unknown, SensitivityLabel>): RunSummary {
  return {
    output: String(result.output.value),
    stages: result.trace.stages.map((t) => `${t.stage}@${t.placement}${t.deferred ? ' (deferred)' : ''}`),
    attempts: result.trace.stages.map((t) => t.attempts),
    replayed: result.trace.stages.map((t) => t.replayed),
    decisions: result.decisions.map((d) => ({ stage: d.stage, choice: d.choice, ...(d.ranOn ? { ranOn: d.ranOn } : {}), rule: d.rule })),
    params: result.trace.stages.map((t) => t.params),
    explanations: result.explanations,
  };
}

/** redact (device) → punctuate (device or function) → translate (function only, deferrable) under `mode`. */
function deferPipeline(mode: 'prefer-local' | 'prefer-remote') {
  const c = need();
  interface Doc { text: string; redaction: { version: number; placeholders: string[] } }
  // The payload both routes take: the redacted text and what the redactor put in its place.
  const redactDoc = defineSanitizer({
    name: 'redact-emails-doc',
    sanitize: (t: string): Doc => ({ text: t.replace(/\S+@\S+/g, '⟦1⟧'), redaction: { version: 1, placeholders: ['⟦1⟧'] } }),
  });
  // The device's stand-in marks its work ("(device)") so the spec can tell which side ran it.
  const punctuate = defineStage<Doc, Doc, 'sanitized'>({
    name: 'punctuate',
    outputLabel: 'sanitized',
    local: { runner: { run: (d) => Promise.resolve({ output: { ...d, text: `${d.text} (device)` }, report: { backend: 'js', runMs: 0 } }) } },
    remote: { endpoint: `${c.endpoint}${ROUTES.punctuate}`, region: 'local' },
  });
  const translate = defineStage<Doc, string, 'sanitized', unknown, { source: 'eng'; target: 'spa' | 'cat' }, 'translate'>({
    name: 'translate',
    outputLabel: 'sanitized',
    remote: { endpoint: `${c.endpoint}${ROUTES.translate}`, region: 'local', deferrable: true },
    params: {
      safeParse: (v) => {
        const p = v as { source?: unknown; target?: unknown } | undefined;
        return p?.source === 'eng' && (p.target === 'spa' || p.target === 'cat')
          ? { success: true, data: { source: 'eng', target: p.target } }
          : { success: false, error: { issues: [{ path: ['target'], message: 'spa or cat' }] } };
      },
    },
  });
  const tandem = createTandem({
    policy: { version: 'e2e-functions-client-defer', mode },
    // The default request mapping: { text, redaction } from the payload, the pair from the run's params.
    transport: createFunctionsTransport(c),
    capabilities: () => baselineCapabilities({ online: navigator.onLine }),
    remoteCircuit: () => c.circuitState,
  });
  const mt = pipeline('mt', 'personal').then(defineSanitizerStage({ name: 'redact', sanitizer: redactDoc })).then(punctuate).then(translate);
  return { tandem, mt };
}

async function pipelineStart(text: string, mode: 'prefer-local' | 'prefer-remote', target: 'spa' | 'cat'): Promise<StartedRun> {
  const { tandem, mt } = deferPipeline(mode);
  deferredResult = undefined;
  const outcome = await tandem.start(mt, personal(text), { params: { translate: { source: 'eng', target } } });
  if (outcome.status === 'done') return { status: 'done', ...summary(outcome) };
  outcome.completion.then(
    (result) => (deferredResult = summary(result)),
    (error: unknown) => (deferredResult = { error: String(error) }),
  );
  return {
    status: 'deferred',
    stage: outcome.stage,
    rule: outcome.decision.rule,
    because: outcome.decision.because,
    stages: outcome.trace.stages.map((t) => `${t.stage}@${t.placement}`),
  };
}

window.fc = {
  async init(setup) {
    client?.dispose();
    client = createTranslateClient({
      endpoint: setup.endpoint,
      token: () => setup.token,
      timeoutMs: setup.timeoutMs ?? 2_000,
      retries: setup.retries ?? 2,
      backoff: { initialDelayMs: 50, maxDelayMs: 500 },
      breaker: { failures: setup.failures ?? 5, halfOpenAfterMs: setup.halfOpenAfterMs ?? 1_000 },
      retryIntervalMs: setup.retryIntervalMs ?? 300,
    });
    client.on('circuit', (s) => {
      events.circuit.push(s);
      show('circuit', s);
    });
    client.on('queued', (q) => {
      events.queued.push(q);
      show('queued', events.queued.length);
    });
    client.on('delivered', (d) => {
      events.delivered.push({ id: d.id, translation: d.result.translation, replayed: d.result.replayed });
      show('delivered', events.delivered.length);
    });
    if (setup.autoStart) client.start();
    await Promise.resolve();
  },
  translate: (text, options = {}) => run(text, options),
  translateInBackground(text, idempotencyKey) {
    void run(text, { whenUnavailable: 'queue', idempotencyKey }).then((o) => outcomes.set(idempotencyKey, o));
  },
  outcome: (key) => outcomes.get(key),
  queuedIds: async () => (await need().queued()).map((q) => q.id),
  flush: () => need().flush(),
  start: () => need().start(),
  state: () => need().circuitState,
  events: () => structuredClone(events),
  routerRun,
  pipelineStart,
  deferredResult: () => deferredResult,
  startThenLeave(text) {
    const { tandem, mt } = deferPipeline('prefer-remote');
    void tandem.start(mt, personal(text), { params: { translate: { source: 'eng', target: 'spa' } } }).then((outcome) => {
      sessionStorage.setItem('fc-start-outcome', outcome.status);
      // The client emits `queued` only after the IndexedDB commit: had it fired yet?
      sessionStorage.setItem('fc-queued-when-reported', String(events.queued.length));
      // Leaving the document aborts any IndexedDB transaction that has not committed yet.
      location.href = 'about:blank';
    });
  },
};

document.getElementById('status')!.textContent = 'ready';
