/**
 * Structured request logs. They carry sizes, timings, ids and outcomes, never the text, the
 * translation, placeholders or tokens: the function sees only sanitized text, and still does
 * not keep it.
 */
export interface RequestLog {
  level: 'info' | 'warn' | 'error';
  /**
   * `client-error`: the runtime's HTTP parser refused the bytes before (or while) the app ran;
   * `message`: one call over a session channel (`method: "WS"`, `path` its route).
   */
  event: 'request' | 'client-error' | 'message';
  requestId: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  origin?: string;
  subject?: string;
  provider?: string;
  model?: string;
  /** Length of the submitted text in characters: size, not content. */
  chars?: number;
  providerMs?: number;
  /** Whether this request ran the provider (false for replays and refusals). */
  providerCalled?: boolean;
  idempotencyKey?: string;
  replayed?: boolean;
  problem?: string;
  /** Internal failure class only (e.g. ProviderError kind), never a message with data in it. */
  errorKind?: string;
  /** The client went away mid-request (status 499): its doing, so `warn`, not an error of ours. */
  clientClosed?: boolean;
}

export type Logger = (entry: RequestLog) => void;

/** One JSON object per line on stdout: what log shippers (Workers Logs, CloudWatch) index. */
export const jsonLineLogger: Logger = (entry) => {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));
};

export const silentLogger: Logger = () => {};
