import type { PunctuateResponse, TranslateResponse } from '@tandem/wire';

/** What the client adds to the function's answer: how it was obtained. */
export interface CallReport {
  /** Attempts this call made (1 = first try succeeded); 0 when delivered from the queue. */
  attempts: number;
  /** The function answered from its idempotency store (a retry of a request it had already run). */
  replayed: boolean;
  /** Bytes of the request body that left the device. */
  bytesSent: number;
  idempotencyKey: string;
  /** `channel`: a message on the session's WebSocket; `http`: a request (absent when delivered from the queue before this field existed). */
  transport?: 'channel' | 'http';
  /** Why a call made during a session went over HTTP. */
  transportFallback?: string;
}

export type TranslateResult = TranslateResponse & CallReport;

export type PunctuateResult = PunctuateResponse & Pick<CallReport, 'attempts' | 'bytesSent'>;
