/**
 * The wire protocol between the page and a stage worker. comlink carries it (one `handle` call per
 * request), but the payloads are our own: a union keyed on `type`, so a response can never be
 * confused for another request's, and errors travel as core's `SerializedError` (with `code` and
 * `details`) instead of comlink's bare `{name, message, stack}`, so they are rebuilt as the right
 * Tandem error class on the caller's side.
 */
import type { RunReport, SerializedError } from '@tandem/core';

/** Identifies one stage instance inside a worker: the stage's registered name and its config. */
export interface StageAddress {
  /** Name under which the worker entry registered the stage (`exposeStages({ [name]: … })`). */
  stage: string;
  /** Structured-clone-safe settings the stage is created with (model URL, backend, …). */
  config: unknown;
}

/** Create (or reuse) the stage instance, e.g. load and compile a model, without running it. */
export interface LoadRequest extends StageAddress {
  type: 'load';
  callId: number;
}

/** Run the stage instance once on `input` (typed arrays inside arrive transferred, not copied). */
export interface RunRequest extends StageAddress {
  type: 'run';
  callId: number;
  input: unknown;
}

export type WorkerRequest = LoadRequest | RunRequest;

export interface LoadedResponse {
  type: 'loaded';
  callId: number;
  report: RunReport;
}

export interface ResultResponse {
  type: 'result';
  callId: number;
  output: unknown;
  report: RunReport;
}

export interface ErrorResponse {
  type: 'error';
  callId: number;
  error: SerializedError;
}

export type WorkerResponse = LoadedResponse | ResultResponse | ErrorResponse;

/** What a stage worker exposes over comlink. */
export interface StageWorkerApi {
  /**
   * Takes the Web Lock `lockName` and holds it until the worker dies, then resolves. The host
   * queues a request for the same lock: it is granted the moment the worker's global scope goes
   * away (crash, out-of-memory, `close()`, `terminate()`), even while the worker was too busy in
   * synchronous WASM to answer any message. That is how in-flight calls learn of a death fast.
   */
  attach(lockName: string): Promise<{ crossOriginIsolated: boolean }>;
  handle(request: WorkerRequest): Promise<WorkerResponse>;
  /** Aborts the signal the stage sees for `callId` (the host already rejected the caller). */
  cancel(callId: number, reason: 'timeout' | 'abort'): void;
}
