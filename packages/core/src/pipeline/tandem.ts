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
import type { Pipeline } from './pipeline.js';
import { runPlacedStage } from './run-stage.js';

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

export interface PipelineRunOptions {
  readonly signal?: AbortSignal;
  /** Per-stage-attempt timeout; a timed-out attempt may fall back like any failure. */
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

export interface Tandem {
  run<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel>(
    pipeline: Pipeline<I, O, LIn, LOut>,
    input: Labelled<NoInfer<I>, NoInfer<LIn>>,
    options?: PipelineRunOptions,
  ): Promise<PipelineResult<O, LOut>>;
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

  async function run<I, O, LIn extends SensitivityLabel, LOut extends SensitivityLabel>(
    pipeline: Pipeline<I, O, LIn, LOut>,
    input: Labelled<NoInfer<I>, NoInfer<LIn>>,
    runOptions: PipelineRunOptions = {},
  ): Promise<PipelineResult<O, LOut>> {
    const recorder = runOptions.recorder ?? new TraceRecorder(pipeline.name, { now });
    const decisions: PlacementDecision[] = [];
    // Never trust a label lower than the pipeline declares: keep the more sensitive of the two.
    let current: AnyLabelled<unknown> = input as AnyLabelled<unknown>;
    const entry = mostSensitive(current.label, pipeline.inputLabel);
    if (entry !== current.label) {
      current = relabel(current.value, entry, { trusted: isTrustedLeavable(current) });
    }
    try {
      for (const stage of pipeline.stages as readonly Stage<unknown, unknown>[]) {
        const situation = await situationFor(stage, current.label, runOptions.latencyBudgetMs);
        const decision = decidePlacement(stage, policy, situation, { now });
        decisions.push(decision);
        runOptions.onDecision?.(decision);
        try {
          current = await runPlacedStage(stage, current, decision, {
            boundary,
            recorder,
            now,
            ...(runOptions.signal === undefined ? {} : { signal: runOptions.signal }),
            ...(runOptions.stageTimeoutMs === undefined ? {} : { timeoutMs: runOptions.stageTimeoutMs }),
            ...(runOptions.onPartial === undefined ? {} : { onPartial: runOptions.onPartial }),
          });
        } finally {
          audit.write(decision);
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

  return {
    run,
    policy,
    audit,
    boundary,
    explain: () => (audit instanceof RingBufferAuditLog ? audit.explain() : []),
  };
}
