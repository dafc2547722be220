import type { PrivacyBoundary } from '../boundary/privacy-boundary.js';
import {
  PlacementError,
  isRemoteUnavailableError,
  isStageAbortedError,
  type Placement,
  type PlacementAttempt,
} from '../errors/placement-errors.js';
import { PrivacyViolationError, isPrivacyViolationError } from '../errors/privacy-violation-error.js';
import { serializeError } from '../errors/error-codec.js';
import { isTrustedLeavable, relabel, type AnyLabelled, type Leavable } from '../labels/labelled.js';
import { outputLabelOf, type SensitivityLabel } from '../labels/sensitivity-label.js';
import type { PlacementDecision } from '../placement/decision.js';
import type { Stage } from '../stage.js';
import type { StageParams } from '../stage-params.js';
import { estimateBytes } from '../trace/byte-size.js';
import type { RunReport } from '../trace/run-report.js';
import type { StageTrace } from '../trace/stage-trace.js';
import type { TraceRecorder } from '../trace/trace-recorder.js';
import { withDeadline } from './with-deadline.js';

export interface StageExecution {
  readonly boundary: PrivacyBoundary;
  /** Where attempts are recorded; a stream tags each with its chunk or segment index. */
  readonly recorder: Pick<TraceRecorder, 'record' | 'partial'>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly onPartial?: (stage: string, partial: unknown) => void;
  readonly now: () => number;
  /** This run's validated parameters for the stage. */
  readonly params?: StageParams;
  /** A deferred attempt: called by a durably queueing transport once the request is queued. */
  readonly onQueued?: () => void;
}

interface Attempted {
  readonly output: unknown;
  readonly report: RunReport;
  readonly bytesSent: number;
}

function attempt(
  stage: Stage<unknown, unknown>,
  placement: Placement,
  input: AnyLabelled<unknown>,
  ctx: StageExecution,
  onPartial: (partial: unknown) => void,
  deferred: boolean,
): Promise<Attempted> {
  // A deferred attempt waits for the connection, not for the remote: no per-attempt timeout,
  // only the caller's abort (the request then stays queued in the transport).
  const timeoutMs = deferred ? undefined : ctx.timeoutMs;
  const common = {
    onPartial,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(ctx.params === undefined ? {} : { params: ctx.params }),
  };
  return withDeadline(
    stage.name,
    async (signal) => {
      if (placement === 'local') {
        if (stage.local === undefined) throw new TypeError(`Stage "${stage.name}" has no local implementation.`);
        const { output, report } = await stage.local.runner.run(input.value, { signal, ...common });
        return { output, report, bytesSent: 0 };
      }
      if (stage.remote === undefined) throw new TypeError(`Stage "${stage.name}" has no remote implementation.`);
      // The boundary re-checks the label at run time; the cast only states what it will verify.
      const { remote, name } = stage;
      return ctx.boundary.send({ name, remote }, input as Leavable<unknown>, { signal, ...common, ...(deferred ? { deferred: true, ...(ctx.onQueued === undefined ? {} : { onQueued: ctx.onQueued }) } : {}) });
    },
    { ...(ctx.signal === undefined ? {} : { signal: ctx.signal }), ...(timeoutMs === undefined ? {} : { timeoutMs }) },
  );
}

/** A failed remote call may still have delivered the payload; count it unless it surely did not. */
function mayHaveLeft(error: unknown): boolean {
  if (isPrivacyViolationError(error)) return false;
  if (isRemoteUnavailableError(error)) return error.details.reason !== 'offline' && error.details.reason !== 'circuit-open';
  return true;
}

const PRIVACY_RULES: Readonly<Record<string, 'label' | 'residency-device-only' | 'residency-region'>> = {
  'privacy:label': 'label',
  'residency:device-only': 'residency-device-only',
  'residency:region': 'residency-region',
};

/**
 * When nothing may run: if the remote was blocked only by privacy or residency (it existed and
 * was otherwise reachable), that is a privacy refusal; anything else is a placement failure.
 */
function refusedByPolicy(stage: Stage<unknown, unknown>, decision: PlacementDecision): Error {
  const remoteHard = decision.excluded.filter((e) => e.hard && e.placement === 'remote');
  const privacy = remoteHard.map((e) => PRIVACY_RULES[e.rule]);
  const first = privacy[0];
  if (stage.remote !== undefined && first !== undefined && privacy.every((r) => r !== undefined)) {
    return new PrivacyViolationError({
      stage: stage.name,
      label: decision.inputLabel,
      destination: stage.remote.endpoint,
      rule: first,
    });
  }
  return new PlacementError({
    stage: stage.name,
    attempts: decision.excluded.filter((e) => e.hard).map((e) => ({ placement: e.placement, reason: e.reason })),
  });
}

/**
 * Runs one stage where the decision says, falling back in the decided order. Privacy refusals and
 * caller aborts are never retried elsewhere; everything else moves on to the next placement.
 */
export async function runPlacedStage(
  stage: Stage<unknown, unknown>,
  input: AnyLabelled<unknown>,
  decision: PlacementDecision,
  ctx: StageExecution,
): Promise<AnyLabelled<unknown>> {
  if (decision.order.length === 0) {
    decision.ranOn = 'none';
    throw refusedByPolicy(stage, decision);
  }
  const bytesIn = estimateBytes(input.value);
  const deferred = decision.choice === 'deferred';
  const failures: PlacementAttempt[] = [];
  let previous: Placement | undefined;
  for (const placement of decision.order) {
    const startedAt = ctx.now();
    const base = {
      stage: stage.name,
      placement,
      bytesIn,
      startedAt,
      inputLabel: input.label,
      decisionId: decision.id,
      ...(previous === undefined ? {} : { fallbackFrom: previous }),
      ...(ctx.params === undefined ? {} : { params: ctx.params }),
      ...(deferred ? { deferred: true } : {}),
    };
    let partials = 0;
    const onPartial = (partial: unknown): void => {
      partials += 1;
      ctx.recorder.partial(stage.name, partial);
      ctx.onPartial?.(stage.name, partial);
    };
    try {
      const { output, report, bytesSent } = await attempt(stage, placement, input, ctx, onPartial, deferred);
      const label: SensitivityLabel =
        stage.kind === 'sanitizer' ? 'sanitized' : outputLabelOf(input.label, stage.outputLabel);
      const sanitizer = stage.kind === 'sanitizer' ? stage.name : 'sanitizer' in input ? input.sanitizer : undefined;
      const trace: StageTrace = {
        ...base,
        ...report,
        backend: placement === 'remote' && report.backend === '' ? 'remote' : report.backend,
        bytesSentOffDevice: placement === 'remote' ? bytesSent : 0,
        estimatedCostUsd: placement === 'remote' ? (report.costUsd ?? stage.remote?.costPerCallUsd ?? 0) : 0,
        endedAt: ctx.now(),
        outputLabel: label,
        ...(partials > 0 ? { partials } : {}),
      };
      delete (trace as { bytesSent?: number }).bytesSent;
      delete (trace as { costUsd?: number }).costUsd;
      ctx.recorder.record(trace);
      decision.ranOn = placement;
      const trusted = stage.kind === 'sanitizer' || isTrustedLeavable(input);
      return relabel(output, label, { trusted, ...(sanitizer === undefined ? {} : { sanitizer }) });
    } catch (error) {
      const serialized = serializeError(error);
      ctx.recorder.record({
        ...base,
        backend: placement === 'remote' ? 'remote' : 'unknown',
        runMs: ctx.now() - startedAt,
        bytesSentOffDevice: placement === 'remote' && mayHaveLeft(error) ? bytesIn : 0,
        endedAt: ctx.now(),
        error: serialized,
      });
      if (isPrivacyViolationError(error) || isStageAbortedError(error)) {
        decision.ranOn = 'none';
        throw error;
      }
      decision.fallbacksTried.push({ placement, error: serialized });
      failures.push({ placement, reason: serialized.message, error: serialized });
      previous = placement;
    }
  }
  decision.ranOn = 'none';
  const excluded = decision.excluded
    .filter((e) => e.hard && !decision.order.includes(e.placement))
    .map((e) => ({ placement: e.placement, reason: e.reason }));
  throw new PlacementError({ stage: stage.name, attempts: [...failures, ...excluded] });
}
