import { RemoteUnavailableError } from '../errors/placement-errors.js';
import { PrivacyViolationError } from '../errors/privacy-violation-error.js';
import { isLabelled, isTrustedLeavable, type Leavable } from '../labels/labelled.js';
import type { SensitivityLabel } from '../labels/sensitivity-label.js';
import { resolveStagePolicy, type PlacementPolicy } from '../placement/policy.js';
import type { RemoteImplementation } from '../stage.js';
import type { RunOptions, StageRunner } from '../stage-runner.js';
import { estimateBytes } from '../trace/byte-size.js';
import type { RunReport } from '../trace/run-report.js';
import type { RemoteTransport } from './remote-transport.js';

/** Any stage with a remote implementation. */
export interface RemoteStage<O> {
  readonly name: string;
  readonly remote: RemoteImplementation<O>;
}

export interface BoundaryResult<O> {
  readonly output: O;
  readonly report: RunReport;
  readonly bytesSent: number;
}

export interface BoundarySendOptions extends RunOptions {
  /** Passed on to the transport as `RemoteRequest.deferred` (see there). */
  deferred?: boolean;
  /** Passed on to the transport as `RemoteRequest.onQueued` (see there). */
  onQueued?: () => void;
}

/** The only way data leaves the device. */
export interface PrivacyBoundary {
  /** Sends a sanitized or public value to a stage's remote; throws before the transport otherwise. */
  send<I, O>(stage: RemoteStage<O>, input: Leavable<I>, options?: BoundarySendOptions): Promise<BoundaryResult<O>>;
  /** A `StageRunner` for a stage's remote whose input type only admits leavable values. */
  remoteRunner<I, O>(stage: RemoteStage<O>): StageRunner<Leavable<I>, O>;
}

export interface PrivacyBoundaryOptions {
  readonly transport: RemoteTransport;
  /** Supplies per-stage residency rules; without it only the label rules apply. */
  readonly policy?: PlacementPolicy;
}

function labelOf(value: unknown): SensitivityLabel {
  // Unlabelled data is treated as the most sensitive: fail closed.
  return isLabelled(value) ? value.label : 'raw';
}

/**
 * Creates the fail-closed privacy boundary. Every check runs before the transport is touched, so a
 * refused value is never serialized, logged by the transport or sent.
 */
export function createPrivacyBoundary(options: PrivacyBoundaryOptions): PrivacyBoundary {
  const { transport, policy } = options;

  function check(stage: RemoteStage<unknown>, input: unknown): void {
    const label = labelOf(input);
    const destination = stage.remote.endpoint;
    if (label === 'raw' || label === 'personal') {
      throw new PrivacyViolationError({ stage: stage.name, label, destination, rule: 'label' });
    }
    if (!isTrustedLeavable(input)) {
      throw new PrivacyViolationError({ stage: stage.name, label, destination, rule: 'unsanitized' });
    }
    const residency = policy === undefined ? undefined : resolveStagePolicy(policy, stage.name).residency;
    if (residency === 'device-only') {
      throw new PrivacyViolationError({ stage: stage.name, label, destination, rule: 'residency-device-only' });
    }
    if (residency !== undefined && !residency.regions.includes(stage.remote.region)) {
      throw new PrivacyViolationError({
        stage: stage.name,
        label,
        destination: `${destination} (region "${stage.remote.region}")`,
        rule: 'residency-region',
      });
    }
  }

  async function send<I, O>(
    stage: RemoteStage<O>,
    input: Leavable<I>,
    sendOptions?: BoundarySendOptions,
  ): Promise<BoundaryResult<O>> {
    check(stage, input);
    const bytes = estimateBytes(input.value);
    const { deferred, onQueued, ...runOptions } = sendOptions ?? {};
    const response = await transport.send(
      {
        stage: stage.name,
        endpoint: stage.remote.endpoint,
        region: stage.remote.region,
        label: input.label,
        ...('sanitizer' in input ? { sanitizer: input.sanitizer } : {}),
        payload: input.value,
        bytes,
        ...(runOptions.params === undefined ? {} : { params: runOptions.params }),
        ...(deferred === true ? { deferred: true } : {}),
        ...(deferred === true && onQueued !== undefined ? { onQueued } : {}),
      },
      runOptions,
    );
    let output: O;
    try {
      output = stage.remote.parseOutput === undefined ? (response.output as O) : stage.remote.parseOutput(response.output);
    } catch (cause) {
      throw new RemoteUnavailableError({ endpoint: stage.remote.endpoint, reason: 'invalid-response' }, { cause });
    }
    return { output, report: response.report, bytesSent: response.report.bytesSent ?? bytes };
  }

  return {
    send,
    remoteRunner<I, O>(stage: RemoteStage<O>): StageRunner<Leavable<I>, O> {
      return {
        run: async (input, runOptions) => {
          const { output, report } = await send(stage, input, runOptions);
          return { output, report };
        },
      };
    },
  };
}
