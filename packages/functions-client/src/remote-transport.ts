import { ValidationError, type RemoteRequest, type RemoteResponse, type RemoteTransport, type RunOptions } from '@tandem/core';
import type { TranslateClient } from './translate-client.js';
import type { TranslateRequest } from './wire.js';

export interface TranslateTransportOptions {
  /** Turns the boundary's payload into the function's request; default expects `{ text, source, target, redaction }`. */
  toRequest?: (request: RemoteRequest) => TranslateRequest;
  /** What to do when the function is unavailable; see TranslateCallOptions. Default `throw` (router falls back). */
  whenUnavailable?: 'throw' | 'queue';
}

function defaultToRequest(request: RemoteRequest): TranslateRequest {
  const p = request.payload as Partial<TranslateRequest> | null;
  if (!p || typeof p.text !== 'string' || typeof p.source !== 'string' || typeof p.target !== 'string' || !p.redaction) {
    throw new ValidationError({ what: `"${request.stage}" request to ${request.endpoint}`, issues: ['payload must be { text, source, target, redaction }'] });
  }
  return { text: p.text, source: p.source, target: p.target, redaction: p.redaction, label: 'sanitized' };
}

/**
 * Core's `RemoteTransport` over the translate client: the privacy boundary hands it the
 * already-checked sanitized request; failures arrive as RemoteUnavailableError with the reason
 * the router's fallback logic reads ('offline' and 'circuit-open' mean nothing left the device).
 */
export function createTranslateTransport(client: TranslateClient, options: TranslateTransportOptions = {}): RemoteTransport {
  const toRequest = options.toRequest ?? defaultToRequest;
  return {
    async send(request: RemoteRequest, runOptions?: RunOptions): Promise<RemoteResponse> {
      if (request.label !== 'sanitized') {
        // The function accepts sanitized text only (it would refuse anything else with 400).
        throw new ValidationError({ what: `"${request.stage}" request to ${request.endpoint}`, issues: [`label must be "sanitized", not "${request.label}"`] });
      }
      const started = performance.now();
      const result = await client.translate(toRequest(request), {
        ...(runOptions?.signal ? { signal: runOptions.signal } : {}),
        whenUnavailable: options.whenUnavailable ?? 'throw',
      });
      return {
        output: result.translation,
        report: { backend: 'remote', runMs: performance.now() - started, modelId: `${result.provider}:${result.model}`, bytesSent: result.bytesSent },
      };
    },
  };
}
