import type { LeavableLabel } from '../labels/sensitivity-label.js';
import type { StageParams } from '../stage-params.js';
import type { RunOptions } from '../stage-runner.js';
import type { RunReport } from '../trace/run-report.js';

/** What crosses the device boundary: only ever a value labelled sanitized or public. */
export interface RemoteRequest {
  readonly stage: string;
  readonly endpoint: string;
  readonly region: string;
  readonly label: LeavableLabel;
  /** Name of the declared sanitizer that produced the payload (absent for public data). */
  readonly sanitizer?: string;
  readonly payload: unknown;
  /** Estimated size of `payload`; the transport may report the exact figure in `report.bytesSent`. */
  readonly bytes: number;
  /** The run's validated parameters for this stage (short primitives: never the data). */
  readonly params?: StageParams;
  /**
   * The router deferred this stage (offline or circuit open): a queueing transport should keep
   * the request and resolve when it is delivered instead of failing now.
   */
  readonly deferred?: boolean;
  /**
   * With `deferred`: a queueing transport calls this once the request is durably queued (the
   * IndexedDB commit), so a deferral is reported only when closing the page can no longer lose it.
   */
  readonly onQueued?: () => void;
}

export interface RemoteResponse {
  readonly output: unknown;
  readonly report: RunReport;
}

/**
 * How requests reach a serverless function (HTTP, with retries and a circuit breaker, lives in the
 * functions client). Only the privacy boundary holds a transport; stages never see it.
 */
export interface RemoteTransport {
  send(request: RemoteRequest, options?: RunOptions): Promise<RemoteResponse>;
  /**
   * The transport calls `RemoteRequest.onQueued` once a deferred request is durably queued, so
   * the pipeline may report the deferral then rather than before anything was saved.
   */
  readonly queuesDurably?: boolean;
}
