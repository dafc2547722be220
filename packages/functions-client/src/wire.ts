/**
 * The translate function's wire format as the browser sees it (mirrors @tandem/functions'
 * schema without depending on the server package, which carries Hono and jose).
 */
export interface TranslateRequest {
  text: string;
  source: string;
  target: string;
  redaction: { version: string | number; placeholders: readonly string[] };
  /** Only sanitized text is sent; the function refuses anything else as well. */
  label: 'sanitized';
}

export interface TranslateResponse {
  translation: string;
  provider: string;
  model: string;
  /** Provider time on the function side. */
  ms: number;
}

/** What the client adds: how the answer was obtained. */
export interface TranslateResult extends TranslateResponse {
  /** Attempts this call made (1 = first try succeeded); 0 when delivered from the queue. */
  attempts: number;
  /** The function answered from its idempotency store (a retry of a request it had already run). */
  replayed: boolean;
  /** Bytes of the request body that left the device. */
  bytesSent: number;
  idempotencyKey: string;
}

/** `POST /v1/punctuate`: the redacted transcript, punctuated by the function's rules. */
export interface PunctuateRequest {
  text: string;
  redaction: { version: string | number; placeholders: readonly string[] };
  label: 'sanitized';
}

export interface PunctuateResponse {
  text: string;
  /** The rules that changed something. */
  rules: string[];
  ms: number;
}

export interface PunctuateResult extends PunctuateResponse {
  attempts: number;
  bytesSent: number;
}

/** An RFC 9457 problem as the function returns it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}
