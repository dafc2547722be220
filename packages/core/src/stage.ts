import type { Sanitizer } from './labels/sanitizer.js';
import type { SensitivityLabel } from './labels/sensitivity-label.js';
import type { ParamsSchema } from './stage-params.js';
import type { StageRunner } from './stage-runner.js';

/** What the router needs to know about running a stage on the device. */
export interface LocalImplementation<I, O, P = unknown> {
  /** Usually a worker-host proxy; may be an in-page function for light work. */
  readonly runner: StageRunner<I, O, P>;
  readonly modelId?: string;
  /** Download size of the model: feeds the maintenance axis and low-memory checks. */
  readonly modelBytes?: number;
  /** How often the model changes; frequent updates favour a remote (maintenance axis). */
  readonly updateCadenceDays?: number;
  readonly requires?: {
    /** `required`: cannot run without WebGPU; `preferred`: runs on WASM but slower. */
    readonly webgpu?: 'required' | 'preferred';
    readonly minMemoryGiB?: number;
    /** Needs multi-threaded WASM (SharedArrayBuffer, so a cross-origin-isolated page). */
    readonly wasmThreads?: boolean;
  };
  /** Typical latency per call on each backend, and the extra first-call cost when not cached. */
  readonly estimatedLatencyMs?: { readonly webgpu?: number; readonly wasm?: number; readonly coldStart?: number };
}

/**
 * A remote implementation is data, not code: it can only be reached through the privacy boundary,
 * which hands the request to a `RemoteTransport`. There is no other path off the device.
 */
export interface RemoteImplementation<O> {
  readonly endpoint: string;
  /** Where the function runs (e.g. `eu`, `us`); checked against residency rules. */
  readonly region: string;
  readonly costPerCallUsd?: number;
  readonly estimatedLatencyMs?: number;
  /**
   * The transport queues this stage's requests while the remote is unreachable and delivers them
   * later (functions-client's offline queue does). With it, the router may *defer* the stage when
   * the device is offline or the circuit is open and nothing else can run it: the run returns a
   * pending handle instead of failing (`Tandem.start`). Only for input that may leave the device.
   */
  readonly deferrable?: boolean;
  /** Checks and narrows what came back; throw to mark the response invalid. */
  readonly parseOutput?: (value: unknown) => O;
}

export type StageKind = 'transform' | 'sanitizer';

/** A named step with typed input/output, the label of its output and where it can run. */
export interface Stage<I, O, L extends SensitivityLabel = SensitivityLabel, P = unknown> {
  readonly name: string;
  readonly kind: StageKind;
  /** Declared label of the output; it cannot lower sensitive input below `personal` (see `outputLabelOf`). */
  readonly outputLabel: L;
  readonly local?: LocalImplementation<I, O, P>;
  readonly remote?: RemoteImplementation<O>;
  /** Expected call volume, for the cost axis (remote cost per call × calls). */
  readonly expectedCallsPerDay?: number;
  /**
   * Per-run parameters (a language pair, a style): validated before the run starts, handed to
   * the runner (`RunOptions.params`) or the remote (`RemoteRequest.params`), recorded in the trace.
   */
  readonly params?: ParamsSchema<unknown>;
}

/** A stage's literal name and `params` schema, which a pipeline records to type `run`'s params. */
export type ParamStage<N extends string, R> = { readonly name: N; readonly params: ParamsSchema<R> };

/** What a stage with a parameter schema adds to its type, so pipelines can type `run`'s params. */
export type WithParams<R, N extends string> = [R] extends [undefined] ? unknown : ParamStage<N, R>;

/** A stage whose output is minted `sanitized` whatever came in (see `defineSanitizerStage`). */
export type SanitizerStage<I, O, P = unknown> = Stage<I, O, 'sanitized', P> & { readonly kind: 'sanitizer' };

/** Everything the router reads about a stage (no runners), so decisions are pure data. */
export type StageDescriptor = Pick<
  Stage<unknown, unknown>,
  'name' | 'kind' | 'outputLabel' | 'expectedCallsPerDay'
> & {
  readonly local?: Omit<LocalImplementation<unknown, unknown>, 'runner'>;
  readonly remote?: Omit<RemoteImplementation<unknown>, 'parseOutput'>;
};

export interface StageSpec<I, O, L extends SensitivityLabel, P, R = undefined, N extends string = string> {
  readonly name: N;
  readonly outputLabel: L;
  readonly local?: LocalImplementation<I, O, P>;
  readonly remote?: RemoteImplementation<O>;
  readonly expectedCallsPerDay?: number;
  readonly params?: ParamsSchema<R>;
}

function checkName(name: string): void {
  if (name.trim() === '') throw new TypeError('A stage needs a non-empty name.');
}

/**
 * A stage with no on-device implementation. The `remoteOnly` marker lets the pipeline types refuse
 * to chain it after `raw`/`personal` data: that data could never reach it.
 */
export type RemoteOnlyStage<I, O, L extends SensitivityLabel> = Stage<I, O, L, never> & {
  readonly kind: 'transform';
  readonly remoteOnly: true;
};

export interface RemoteOnlyStageSpec<O, L extends SensitivityLabel, R = undefined, N extends string = string> {
  readonly name: N;
  readonly outputLabel: L;
  readonly local?: undefined;
  readonly remote: RemoteImplementation<O>;
  readonly expectedCallsPerDay?: number;
  readonly params?: ParamsSchema<R>;
}

/**
 * Declares an ordinary stage. It cannot lower a label: that is what sanitizer stages are for.
 * With a `params` schema, give its type `R` and the stage's literal name `N` (or let them be
 * inferred) and `tandem.run` types the run's `params` for that stage. Both overloads take the
 * same type arguments `<I, O, L, P, R, N>` (P, the partial type, is unused without a device side).
 */
export function defineStage<I, O, L extends SensitivityLabel, _P = never, R = undefined, const N extends string = string>(
  spec: RemoteOnlyStageSpec<O, L, R, N>,
): RemoteOnlyStage<I, O, L> & WithParams<R, N>;
export function defineStage<I, O, L extends SensitivityLabel, P = unknown, R = undefined, const N extends string = string>(
  spec: StageSpec<I, O, L, P, R, N>,
): Stage<I, O, L, P> & { readonly kind: 'transform' } & WithParams<R, N>;
export function defineStage<I, O, L extends SensitivityLabel, P = unknown, R = undefined, N extends string = string>(
  spec: StageSpec<I, O, L, P, R, N>,
): Stage<I, O, L, P> & { readonly kind: 'transform' } {
  checkName(spec.name);
  if (spec.local === undefined && spec.remote === undefined) {
    throw new TypeError(`Stage "${spec.name}" needs a local or a remote implementation.`);
  }
  return Object.freeze({ ...spec, kind: 'transform' as const, ...(spec.local === undefined ? { remoteOnly: true } : {}) });
}

export type SanitizerStageSpec<I, O, P> =
  | { readonly name: string; readonly sanitizer: Sanitizer<I, O> }
  | { readonly name: string; readonly local: LocalImplementation<I, O, P> };

/**
 * Declares a sanitizer stage: the only kind whose output is labelled `sanitized` whatever came in.
 * It runs on the device only (its input is, by definition, not yet safe to send).
 */
export function defineSanitizerStage<I, O, P = unknown>(
  spec: SanitizerStageSpec<I, O, P>,
): SanitizerStage<I, O, P> {
  checkName(spec.name);
  const local: LocalImplementation<I, O, P> =
    'local' in spec
      ? spec.local
      : {
          runner: {
            run: (input: I) => {
              const started = performance.now();
              const output = spec.sanitizer({ label: 'personal', value: input }).value;
              return Promise.resolve({ output, report: { backend: 'js', runMs: performance.now() - started } });
            },
          },
        };
  return Object.freeze({ name: spec.name, kind: 'sanitizer' as const, outputLabel: 'sanitized' as const, local });
}
