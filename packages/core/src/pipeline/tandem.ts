import { RingBufferAuditLog, type AuditSink } from '../audit/audit-log.js';
import { createPrivacyBoundary, type PrivacyBoundary } from '../boundary/privacy-boundary.js';
import type { RemoteTransport } from '../boundary/remote-transport.js';
import type { DeviceCapabilities } from '../capabilities.js';
import { isTrustedLeavable, relabel, type AnyLabelled, type Labelled } from '../labels/labelled.js';
import { mostSensitive, type SensitivityLabel } from '../labels/sensitivity-label.js';
import { decidePlacement } from '../placement/decide-placement.js';
import type { PlacementDecision } from '../placement/decision.js';
import { explainDecision } from '../placement/explain.js';
import { parsePolicy, type PlacementPolicy, type PlacementPolicyInput } from '../placement/policy.js';
import type { CircuitState, PlacementSituation } from '../placement/situation.js';
import type { Stage } from '../stage.js';
import { TraceRecorder, type TraceExport } from '../trace/trace-recorder.js';
import { validateRunParams, type PipelineParams } from '../stage-params.js';
import type { NoParams, Pipeline } from './pipeline.js';
import { runPlacedStage } from './run-stage.js';
import { streamSegments, type SegmentOutcome, type StageGate, type StreamRunOptions } from './segment-stream.js';
import type { SegmentedPipeline } from './segmented-pipeline.js';
import type { StreamSource } from './stream-source.js';

type MaybePromise<T> = T | Promise<T>;

export interface TandemOptions {
  readonly policy: PlacementPolicy | PlacementPolicyInput;
  /** Reaches the serverless functions; wrapped by the privacy boundary and never exposed. */
  readonly transport: RemoteTransport;
  /** Read before each stage, so going offline mid-run changes the next placement. */
  readonly capabilities: DeviceCapabilities | (() => MaybePromise<DeviceCapabilities>);
  readonly remoteCircuit?: (endpoint: string) => CircuitState;
  readonly localEngineUnstable?: (stage: string) => boolean;
  readonly modelCached?: (modelId: string) => MaybePromise<boolean>;
  /** Defaults to an in-memory ring buffer of 256 records. */
  readonly audit?: AuditSink;
  /** Epoch-millisecond clock, injectable for tests. */
  readonly now?: () => number;
}

export interface PipelineRunOptions<Params extends object = PipelineParams> {
  /**
   * Per-run parameters of the stages that declare a `params` schema, by stage name (e.g.
   * `{ translate: { source: 'eng', target: 'spa' } }`). Validated before the first stage runs,
   * handed to the runner or the remote, and recorded in each stage's trace.
   */
  readonly params?: Params;
  readonly signal?: AbortSignal;
  /** Per-stage-attempt timeout; a timed-out attempt may fall back like any failure. A deferred attempt has none. */
  readonly stageTimeoutMs?: number;
  /** Overrides the policy's latency budget for this run. */
  readonly latencyBudgetMs?: number;
  readonly onPartial?: (stage: string, partial: unknown) => void;
  readonly onDecision?: (decision: Readonly<PlacementDecision>) => void;
  /** Subscribe to `stage`/`partial` events before the run starts by passing your own recorder. */
  readonly recorder?: TraceRecorder;
}

export interface PipelineResult<O, L extends SensitivityLabel> {
  readonly output: Labelled<O, L>;
  readonly trace: TraceExport;
  readonly decisions: readonly PlacementDecision[];
  /** One sentence per decision, in stage order. */
  readonly explanations: readonly string[];
}

/**
 * A run that reached a deferred stage: the stages before it ran, the deferred one waits in the
 * transport's queue, and `completion` settles with the whole result once it was delivered and
 * the stages after it ran (or with the error that stopped it).
 */
export interface DeferredRun<O, L extends SensitivityLabel> {
  readonly status: 'deferred';
  /** The stage that waits. */
  readonly stage: string;
  readonly decision: Readonly<PlacementDecision>;
  /** The trace so far (stages before the deferred one). */
  readonly trace: TraceExport;
  readonly decisions: readonly PlacementDecision[];
  readonly explanations: readonly string[];
  readonly completion: Promise<PipelineResult<O, L>>;
}

/** What `start` gives back: the finished result, or a handle on a run that waits for delivery. */
export type PipelineOutcome<O, L extends SensitivityLabel> =
  | ({ readonly status: 'done' } & PipelineResult<O, L>)
  | DeferredRun<O, L>;

export interface Tandem {
  /** Runs the pipeline to the end; a deferred stage makes it wait until its request is delivered. */
  run<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object = NoParams>(
    pipeline: Pipeline<I, O, LIn, LOut, Params>,
    input: Labelled<NoInfer<I>, NoInfer<LIn>>,
    options?: PipelineRunOptions<NoInfer<Params>>,
  ): Promise<PipelineResult<O, LOut>>;
  /**
   * Like `run`, but settles as soon as a stage is deferred (offline, open circuit, see
   * `RemoteImplementation.deferrable`) with a `DeferredRun` whose `completion` finishes later.
   */
  start<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object = NoParams>(
    pipeline: Pipeline<I, O, LIn, LOut, Params>,
    input: Labelled<NoInfer<I>, NoInfer<LIn>>,
    options?: PipelineRunOptions<NoInfer<Params>>,
  ): Promise<PipelineOutcome<O, LOut>>;
  /**
   * Runs a segmented pipeline (`segmented(…)`) over a stream of chunks: every chunk goes through
   * the segmenting stage, every segment it emits through the rest, each with its own placement,
   * boundary checks and trace; outcomes come in segment order as the consumer pulls them.
   */
  stream<C, S, O, LChunk extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object = NoParams>(
    pipeline: SegmentedPipeline<C, S, O, LChunk, LOut, Params>,
    source: StreamSource<Labelled<NoInfer<C>, NoInfer<LChunk>>>,
    options?: StreamRunOptions<NoInfer<Params>>,
  ): AsyncGenerator<SegmentOutcome<S, O, LOut>, void, void>;
  readonly policy: PlacementPolicy;
  readonly audit: AuditSink;
  /** The boundary built around the transport, for callers that run a single remote stage. */
  readonly boundary: PrivacyBoundary;
  /** Sentences for the decisions kept by the default audit log (empty with a custom sink). */
  explain(): string[];
}

/**
 * One factory wires the policy, the boundary and the audit log; `run` executes a pipeline and
 * returns the labelled result with its trace and decisions.
 */
export function createTandem(options: TandemOptions): Tandem {
  const policy = parsePolicy(options.policy);
  const boundary = createPrivacyBoundary({ transport: options.transport, policy });
  const audit = options.audit ?? new RingBufferAuditLog();
  const now = options.now ?? Date.now;

  async function situationFor(stage: Stage<unknown, unknown>, label: SensitivityLabel, budget?: number): Promise<PlacementSituation> {
    const caps = typeof options.capabilities === 'function' ? await options.capabilities() : options.capabilities;
    const modelId = stage.local?.modelId;
    const modelCached = modelId === undefined || options.modelCached === undefined ? undefined : await options.modelCached(modelId);
    const endpoint = stage.remote?.endpoint;
    return {
      capabilities: caps,
      inputLabel: label,
      ...(endpoint === undefined || options.remoteCircuit === undefined ? {} : { remoteCircuit: options.remoteCircuit(endpoint) }),
      ...(options.localEngineUnstable === undefined ? {} : { localEngineUnstable: options.localEngineUnstable(stage.name) }),
      ...(modelCached === undefined ? {} : { modelCached }),
      ...(budget === undefined ? {} : { latencyBudgetMs: budget }),
    };
  }

  type Deferral = Omit<DeferredRun<unknown, SensitivityLabel>, 'status' | 'completion'>;

  async function execute<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object>(
    pipeline: Pipeline<I, O, LIn, LOut, Params>,
    input: Labelled<NoInfer<I>, NoInfer<LIn>>,
    runOptions: PipelineRunOptions<Params>,
    onDeferred?: (deferral: Deferral) => void,
    gate?: StageGate,
  ): Promise<PipelineResult<O, LOut>> {
    const stages = pipeline.stages as readonly Stage<unknown, unknown>[];
    // Before anything runs: a bad parameter must not surface after data was already sent.
    const params = validateRunParams(pipeline.name, stages, runOptions.params as PipelineParams | undefined);
    const recorder = runOptions.recorder ?? new TraceRecorder(pipeline.name, { now });
    const decisions: PlacementDecision[] = [];
    // Never trust a label lower than the pipeline declares: keep the more sensitive of the two.
    let current: AnyLabelled<unknown> = input as AnyLabelled<unknown>;
    const entry = mostSensitive(current.label, pipeline.inputLabel);
    if (entry !== current.label) {
      current = relabel(current.value, entry, { trusted: isTrustedLeavable(current) });
    }
    try {
      for (const [index, stage] of stages.entries()) {
        const release = await gate?.(index);
        const situation = await situationFor(stage, current.label, runOptions.latencyBudgetMs);
        const decision = decidePlacement(stage, policy, situation, { now });
        decisions.push(decision);
        runOptions.onDecision?.(decision);
        let onQueued: (() => void) | undefined;
        if (decision.choice === 'deferred') {
          // The audit trail gets the deferral now (the page may close before delivery) and the
          // outcome again below, under the same decision id.
          audit.write(decision);
          const deferral = { stage: stage.name, decision, trace: recorder.toJSON(), decisions: [...decisions], explanations: decisions.map(explainDecision) };
          // A durably queueing transport says when the request is safe in its queue: only then is
          // the run reported deferred (a page closed earlier would have lost it). If it is sent
          // at once instead, the run simply completes.
          if (options.transport.queuesDurably === true) onQueued = () => onDeferred?.(deferral);
          else onDeferred?.(deferral);
        }
        const stageParams = params.get(stage.name);
        try {
          current = await runPlacedStage(stage, current, decision, {
            boundary,
            recorder,
            now,
            ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }),
            ...(runOptions.stageTimeoutMs === undefined ? {} : { timeoutMs: runOptions.stageTimeoutMs }),
            ...(runOptions.onPartial === undefined ? {} : { onPartial: runOptions.onPartial }),
            ...(stageParams === undefined ? {} : { params: stageParams }),
            ...(onQueued === undefined ? {} : { onQueued }),
          });
        } finally {
          audit.write(decision);
          release?.();
        }
      }
    } finally {
      recorder.end(now());
    }
    return {
      output: current as Labelled<O, LOut>,
      trace: recorder.toJSON(),
      decisions,
      explanations: decisions.map(explainDecision),
    };
  }

  function start<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel, Params extends object>(
    pipeline: Pipeline<I, O, LIn, LOut, Params>,
    input: Labelled<NoInfer<I>, NoInfer<LIn>>,
    runOptions: PipelineRunOptions<Params> = {},
    gate?: StageGate,
  ): Promise<PipelineOutcome<O, LOut>> {
    // A promise settles once: after the first deferral resolved it, later deferrals, the result
    // and any error change nothing here; the caller then holds `completion` and sees them there.
    return new Promise((resolve, reject) => {
      const completion: Promise<PipelineResult<O, LOut>> = execute(pipeline, input, runOptions, (deferral) =>
        resolve({ status: 'deferred', ...deferral, completion }),
        gate,
      );
      completion.then((result) => resolve({ status: 'done', ...result }), reject);
    });
  }

  const decide = async (stage: Stage<unknown, unknown>, label: SensitivityLabel, budget?: number): Promise<PlacementDecision> =>
    decidePlacement(stage, policy, await situationFor(stage, label, budget), { now });

  return {
    run: (pipeline, input, runOptions = {}) => execute(pipeline, input, runOptions),
    start,
    stream: (pipeline, source, streamOptions) => streamSegments({ start, decide, boundary, audit, now }, pipeline, source, streamOptions),
    policy,
    audit,
    boundary,
    explain: () => (audit instanceof RingBufferAuditLog ? audit.explain() : []),
  };
}
