import { ValidationError, type RemoteRequest, type RemoteResponse, type RemoteTransport, type RunOptions } from '@tandem/core';
import type { TranslateClient } from './translate-client.js';
import type { PunctuateRequest, TranslateRequest } from './wire.js';

export interface TranslateTransportOptions {
  /**
   * Turns the boundary's request into the function's translate request. The default takes
   * `{ text, redaction }` from the payload and `source`/`target` from the payload or, better, from
   * the run's parameters (`RemoteRequest.params`), so one pipeline serves every language pair.
   */
  toRequest?: (request: RemoteRequest) => TranslateRequest;
  /**
   * What a translate call does when the function is unavailable and the router did not defer it:
   * `throw` (default; the router may fall back) or `queue`. A request the router *deferred*
   * (`RemoteRequest.deferred`, offline or open circuit) is always queued and resolves on delivery.
   */
  whenUnavailable?: 'throw' | 'queue';
}

function text(request: RemoteRequest): { text: string; redaction: TranslateRequest['redaction'] } {
  const p = request.payload as Partial<TranslateRequest> | null;
  if (!p || typeof p.text !== 'string' || !p.redaction) {
    throw new ValidationError({ what: `"${request.stage}" request to ${request.endpoint}`, issues: ['payload must be { text, redaction }'] });
  }
  return { text: p.text, redaction: p.redaction };
}

function defaultToRequest(request: RemoteRequest): TranslateRequest {
  const p = request.payload as Partial<TranslateRequest>;
  const source = p.source ?? request.params?.source;
  const target = p.target ?? request.params?.target;
  if (typeof source !== 'string' || typeof target !== 'string') {
    throw new ValidationError({ what: `"${request.stage}" request to ${request.endpoint}`, issues: ['source and target must come from the payload or the run\'s params'] });
  }
  return { ...text(request), source, target, label: 'sanitized' };
}

/**
 * Core's `RemoteTransport` over the functions client, one transport for every route of the
 * function, chosen by the endpoint's path: `/v1/translate` and `/v1/punctuate`. The privacy
 * boundary hands it already-checked sanitized requests; failures arrive as RemoteUnavailableError
 * with the reason the router's fallback logic reads ('offline' and 'circuit-open' mean nothing
 * left the device).
 */
export function createFunctionsTransport(client: TranslateClient, options: TranslateTransportOptions = {}): RemoteTransport {
  const toRequest = options.toRequest ?? defaultToRequest;
  return {
    async send(request: RemoteRequest, runOptions?: RunOptions): Promise<RemoteResponse> {
      if (request.label !== 'sanitized') {
        // The function accepts sanitized text only (it would refuse anything else with 400).
        throw new ValidationError({ what: `"${request.stage}" request to ${request.endpoint}`, issues: [`label must be "sanitized", not "${request.label}"`] });
      }
      const started = performance.now();
      const path = new URL(request.endpoint).pathname.replace(/\/+$/, '');
      if (path.endsWith('/v1/punctuate')) {
        // Punctuation is never queued: the device runs the same rules, so the router falls back.
        const body: PunctuateRequest = { ...text(request), label: 'sanitized' };
        const result = await client.punctuate(body, runOptions?.signal ? { signal: runOptions.signal } : {});
        return {
          // The payload comes back with the new text: its other fields (redaction info) stay as they were.
          output: { ...(request.payload as object), text: result.text },
          report: { backend: 'remote', runMs: performance.now() - started, modelId: `rules:${result.rules.join('+') || 'none'}`, bytesSent: result.bytesSent },
        };
      }
      if (!path.endsWith('/v1/translate')) {
        throw new ValidationError({ what: `"${request.stage}" request`, issues: [`no route of the function at ${request.endpoint}`] });
      }
      const result = await client.translate(toRequest(request), {
        ...(runOptions?.signal ? { signal: runOptions.signal } : {}),
        whenUnavailable: request.deferred === true ? 'queue' : (options.whenUnavailable ?? 'throw'),
      });
      return {
        output: result.translation,
        report: { backend: 'remote', runMs: performance.now() - started, modelId: `${result.provider}:${result.model}`, bytesSent: result.bytesSent },
      };
    },
  };
}

/** The same transport under its first name (it began with the translate route only). */
export const createTranslateTransport = createFunctionsTransport;
