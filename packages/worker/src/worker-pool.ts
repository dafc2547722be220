/**
 * The page side of the worker host: one module worker per heavy model, calls queued per worker
 * (a model runs one call at a time; different models run concurrently), every call under a
 * deadline and an AbortSignal, inputs transferred rather than copied, and worker death turned
 * into a typed, prompt rejection followed by a lazy restart.
 */
import * as Comlink from 'comlink';
import { WorkerCrashedError, deserializeError, type RunOptions, type RunReport, type StageRunner } from '@tandem/core';
import { runWithDeadline } from './deadline.js';
import type { LoadRequest, RunRequest, StageWorkerApi, WorkerRequest, WorkerResponse } from './protocol.js';

/** A request before the pool numbers it (Omit on each member; a plain Omit would not distribute). */
type PendingRequest = Omit<LoadRequest, 'callId'> | Omit<RunRequest, 'callId'>;
import { collectTransferables } from './transferables.js';

export interface WorkerPoolOptions {
  /**
   * Creates the module worker that serves `model`. Kept a callback because bundlers only see a
   * worker when the app writes `new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' })`.
   */
  createWorker(model: string): Worker;
  /** A model with this many crashes inside `unstableWindowMs` is reported unstable. Default 3. */
  unstableAfterCrashes?: number;
  /** Default 5 minutes. */
  unstableWindowMs?: number;
}

/** How a model's worker has fared; the router reads `unstable` to prefer another placement. */
export interface ModelHealth {
  model: string;
  /** Workers started for this model after the first (lazy restarts after deaths). */
  restarts: number;
  crashes: number;
  unstable: boolean;
  lastCrash?: { reason: string; at: number };
}

/**
 * A run report with the host's side of the story: where the stage ran and, in a worker, how the
 * model's worker has fared, so the trace can record crashes and instability.
 */
export interface LocalRunReport extends RunReport {
  thread: 'page' | 'worker';
  worker?: ModelHealth & { queuedMs: number };
}

export interface WorkerStageAddress {
  /** The model (and so the worker) the stage belongs to. */
  model: string;
  /** The stage's registered name in the worker entry. */
  stage: string;
  /** Passed to the stage's `create`; structured-clone-safe. */
  config?: unknown;
}

export interface LocalStageRunner<I, O> extends StageRunner<I, O> {
  run(input: I, options?: RunOptions): Promise<{ output: O; report: LocalRunReport }>;
  /** Loads the model in its worker ahead of the first call; returns the load report. */
  load(options?: RunOptions): Promise<LocalRunReport>;
}

/** `crash` (detail: ModelHealth & {reason}) on every worker death; `unstable` when a model turns unstable. */
export interface WorkerPool extends EventTarget {
  runner<I, O>(address: WorkerStageAddress): LocalStageRunner<I, O>;
  health(model: string): ModelHealth;
  /** Kills the model's worker the way the browser would (OOM, crash). In-flight calls reject. */
  terminate(model: string, reason?: string): void;
  dispose(): void;
}

interface LiveWorker {
  worker: Worker;
  api: Comlink.Remote<StageWorkerApi>;
  /** Rejects once, with the reason, when the worker dies. */
  death: Promise<never>;
  die(reason: string): void;
  ready: Promise<void>;
}

interface Task {
  request: PendingRequest;
  transfer: Transferable[];
  signal: AbortSignal;
  enqueuedAt: number;
  resolve(value: { response: WorkerResponse; queuedMs: number }): void;
  reject(error: unknown): void;
}

interface Slot {
  model: string;
  live?: LiveWorker;
  started: number;
  crashTimes: number[];
  lastCrash?: { reason: string; at: number };
  queue: Task[];
  busy: boolean;
}

let nextCallId = 1;

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const unstableAfter = options.unstableAfterCrashes ?? 3;
  const windowMs = options.unstableWindowMs ?? 5 * 60_000;
  const slots = new Map<string, Slot>();
  const events = new EventTarget();
  let disposed = false;

  function slotFor(model: string): Slot {
    let slot = slots.get(model);
    if (!slot) {
      slot = { model, started: 0, crashTimes: [], queue: [], busy: false };
      slots.set(model, slot);
    }
    return slot;
  }

  function health(model: string): ModelHealth {
    const slot = slotFor(model);
    const recent = slot.crashTimes.filter((t) => performance.now() - t <= windowMs).length;
    return {
      model,
      restarts: Math.max(0, slot.started - 1),
      crashes: slot.crashTimes.length,
      unstable: recent >= unstableAfter,
      ...(slot.lastCrash && { lastCrash: slot.lastCrash }),
    };
  }

  function start(slot: Slot): LiveWorker {
    slot.started += 1;
    const worker = options.createWorker(slot.model);
    const api = Comlink.wrap<StageWorkerApi>(worker);
    const lockName = `tandem-worker:${slot.model}:${crypto.randomUUID()}`;
    const stopWatching = new AbortController();
    let dead = false;
    let killDeath: (reason: string) => void = () => {};
    const death = new Promise<never>((_, reject) => {
      killDeath = (reason) => reject(new Error(reason));
    });
    death.catch(() => {});
    const live: LiveWorker = {
      worker,
      api,
      death,
      die(reason) {
        if (dead) return;
        dead = true;
        stopWatching.abort();
        worker.terminate();
        if (slot.live === live) slot.live = undefined;
        killDeath(reason);
        if (disposed) return;
        const before = health(slot.model).unstable;
        slot.crashTimes.push(performance.now());
        slot.lastCrash = { reason, at: Date.now() };
        const after = health(slot.model);
        events.dispatchEvent(new CustomEvent('crash', { detail: { ...after, reason } }));
        if (after.unstable && !before) events.dispatchEvent(new CustomEvent('unstable', { detail: after }));
      },
      ready: Promise.resolve(),
    };
    // A worker whose module fails to load (or throws at the top level) never attaches: that is a death.
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      live.die(`worker error: ${event.message || 'script failed to load'}`);
    });
    live.ready = Promise.race([api.attach(lockName), death]).then(() => {
      // Granted only when the worker's global scope is gone and its lock with it.
      navigator.locks
        .request(lockName, { signal: stopWatching.signal }, () => live.die('the worker exited (crash, out of memory or close())'))
        .catch(() => {});
    });
    live.ready.catch(() => {});
    slot.live = live;
    return live;
  }

  async function pump(slot: Slot): Promise<void> {
    if (slot.busy) return;
    slot.busy = true;
    try {
      for (let task = slot.queue.shift(); task; task = slot.queue.shift()) {
        if (task.signal.aborted) continue;
        await execute(slot, task);
      }
    } finally {
      slot.busy = false;
    }
  }

  async function execute(slot: Slot, task: Task): Promise<void> {
    const queuedMs = performance.now() - task.enqueuedAt;
    const live = slot.live ?? start(slot);
    const callId = nextCallId++;
    const onCancel = () => {
      void live.api.cancel(callId, task.signal.reason instanceof Error && task.signal.reason.name === 'StageTimeoutError' ? 'timeout' : 'abort');
    };
    task.signal.addEventListener('abort', onCancel, { once: true });
    try {
      await live.ready;
      // Aborted while the worker was starting: the caller has its error already, and a cancel
      // sent before the request would find nothing to cancel; do not start the work at all.
      if (task.signal.aborted) return;
      const request = { ...task.request, callId } as WorkerRequest;
      const response = await Promise.race([live.api.handle(Comlink.transfer(request, task.transfer)), live.death]);
      task.resolve({ response, queuedMs });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      task.reject(new WorkerCrashedError({ worker: slot.model, reason, inFlight: 1 }, { cause: error }));
    } finally {
      task.signal.removeEventListener('abort', onCancel);
    }
  }

  function submit(slot: Slot, request: PendingRequest, transfer: Transferable[], signal: AbortSignal) {
    if (disposed) return Promise.reject(new WorkerCrashedError({ worker: slot.model, reason: 'the pool was disposed', inFlight: 0 }));
    return new Promise<{ response: WorkerResponse; queuedMs: number }>((resolve, reject) => {
      slot.queue.push({ request, transfer, signal, enqueuedAt: performance.now(), resolve, reject });
      void pump(slot);
    });
  }

  function unwrap(slot: Slot, { response, queuedMs }: { response: WorkerResponse; queuedMs: number }) {
    if (response.type === 'error') throw deserializeError(response.error);
    return {
      output: response.type === 'result' ? response.output : undefined,
      report: { ...response.report, thread: 'worker', worker: { ...health(slot.model), queuedMs } } satisfies LocalRunReport,
    };
  }

  const pool: WorkerPool = Object.assign(events, {
    runner<I, O>({ model, stage, config }: WorkerStageAddress): LocalStageRunner<I, O> {
      const slot = slotFor(model);
      const label = `${model}/${stage}`;
      return {
        run(input: I, runOptions: RunOptions = {}) {
          return runWithDeadline(label, runOptions, async (signal) => {
            const sent = await submit(slot, { type: 'run', stage, config, input }, collectTransferables(input), signal);
            const { output, report } = unwrap(slot, sent);
            return { output: output as O, report };
          });
        },
        load(runOptions: RunOptions = {}) {
          return runWithDeadline(label, runOptions, async (signal) => {
            const sent = await submit(slot, { type: 'load', stage, config }, [], signal);
            return unwrap(slot, sent).report;
          });
        },
      };
    },
    health,
    terminate(model: string, reason = 'terminated by the host') {
      slots.get(model)?.live?.die(reason);
    },
    dispose() {
      disposed = true;
      for (const slot of slots.values()) slot.live?.die('the pool was disposed');
      slots.clear();
    },
  });
  return pool;
}
