export interface ApertiumServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `POST /translate`; `extra` adds form fields such as `format` or `markUnknown`. */
  translate(q: string, langpair: string, extra?: Record<string, string>): Promise<string>;
  /** Ends apertium-apy and the pipelines it forked. */
  stop(): Promise<void>;
}

export function startApertium(options?: { modes?: string; timeoutMs?: number }): Promise<ApertiumServer>;
