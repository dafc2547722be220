import { ValidationError, type RemoteRequest, type RemoteResponse, type RemoteTransport, type RunOptions } from '@tandem/core';
import { ROUTES, parseWith, punctuateRoute, sealBody, translateRoute, type PunctuateResponse, type TranslateInput, type TranslateRequest, type TranslateResponse } from '@tandem/wire';
import { internalsOf, type FunctionsClient, type StageBinding } from './functions-client.js';
import type { TranslateClient } from './translate-client.js';

export interface TranslateTransportOptions {
  /**
   * Turns the boundary's request into the function's translate request. The default takes
   * `{ text, redaction }` from the payload and `source`/`target` from the payload or, better, from
   * the run's parameters (`RemoteRequest.params`), so one pipeline serves every language pair.
   */
  toRequest?: (request: RemoteRequest) => TranslateRequest | TranslateInput;
  /**
   * What a translate call does when the function is unavailable and the router did not defer it:
   * `throw` (default; the router may fall back) or `queue`. A request the router *deferred*
   * (`RemoteRequest.deferred`, offline or open circuit) is always queued and resolves on delivery.
   */
  whenUnavailable?: 'throw' | 'queue';
}

/** The payload's fields, then the run's params for what the payload lacks (`source`, `target`). */
export function payloadWithParams(request: RemoteRequest): unknown {
  const payload = request.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  return { ...(request.params ?? {}), ...payload };
}

function withoutLabel(value: TranslateRequest | TranslateInput): TranslateInput {
  const { text, source, target, redaction } = value;
  return { text, source, target, redaction };
}

/** The built-in routes at the URL a stage declared (its host included), found by the URL's path. */
function builtInBinding(url: string, options: TranslateTransportOptions): StageBinding | undefined {
  const path = new URL(url).pathname.replace(/\/+$/, '');
  if (path.endsWith(ROUTES.punctuate)) {
    return {
      target: { url, contract: punctuateRoute },
      toInput: (r) => {
        const { text, redaction } = (r.payload ?? {}) as Partial<TranslateInput>;
        return { text, redaction };
      },
      // The payload comes back with the new text: its other fields (redaction info) stay as they were.
      fromOutput: (output, r) => ({ ...(r.payload as object), text: (output as PunctuateResponse).text }),
      modelId: (output) => `rules:${(output as PunctuateResponse).rules.join('+') || 'none'}`,
      // Punctuation is never queued: the device runs the same rules, so the router falls back.
      whenUnavailable: 'throw',
      queueable: false,
    };
  }
  if (path.endsWith(ROUTES.translate)) {
    return {
      target: { url, contract: translateRoute },
      toInput: (r) => (options.toRequest ? withoutLabel(options.toRequest(r)) : payloadWithParams(r)),
      fromOutput: (output) => (output as TranslateResponse).translation,
      modelId: (output) => `${(output as TranslateResponse).provider}:${(output as TranslateResponse).model}`,
      whenUnavailable: options.whenUnavailable ?? 'throw',
      queueable: true,
    };
  }
  return undefined;
}

/**
 * Core's `RemoteTransport` over a functions client: one transport for every remote stage of the
 * client (`remoteStage`) and for the built-in translate and punctuate routes, found by the stage's
 * declared endpoint. It sends to that endpoint, host included, or refuses with
 * EndpointNotAllowedError when the host is not one the client was configured for, so the
 * endpoint and region the residency rule checked are where the data goes. The privacy boundary
 * hands it already-checked sanitized requests; failures arrive as RemoteUnavailableError with the
 * reason the router's fallback logic reads ('offline' and 'circuit-open' mean nothing left the
 * device). Its report carries `attempts` and `replayed`, so retries show in the trace.
 */
export function createFunctionsTransport(client: FunctionsClient | TranslateClient, options: TranslateTransportOptions = {}): RemoteTransport {
  const inner = internalsOf(client);
  return {
    // A deferred request is reported queued (`onQueued`) only after the IndexedDB commit.
    queuesDurably: true,
    async send(request: RemoteRequest, runOptions?: RunOptions): Promise<RemoteResponse> {
      const what = `"${request.stage}" request to ${request.endpoint}`;
      if (request.label !== 'sanitized') {
        // The function accepts sanitized data only (it would refuse anything else with 400).
        throw new ValidationError({ what, issues: [`label must be "sanitized", not "${request.label}"`] });
      }
      inner.checkEndpoint(request.endpoint);
      const binding = inner.bindingFor(request.endpoint) ?? builtInBinding(request.endpoint, options);
      if (!binding) throw new ValidationError({ what, issues: [`no route of the function at ${request.endpoint}`] });
      const parsed = parseWith(binding.target.contract.input, binding.toInput(request));
      if (!parsed.ok) throw new ValidationError({ what, issues: [...parsed.issues] });
      const started = performance.now();
      const whenUnavailable = binding.queueable && request.deferred === true ? 'queue' : binding.whenUnavailable;
      const sent = await inner.send(binding.target, sealBody(parsed.value), { signal: runOptions?.signal, whenUnavailable, onQueued: request.onQueued, recordInFlight: binding.queueable });
      const modelId = binding.modelId?.(sent.response);
      return {
        output: binding.fromOutput(sent.response, request),
        report: {
          backend: 'remote',
          runMs: performance.now() - started,
          ...(modelId === undefined ? {} : { modelId }),
          bytesSent: sent.bytesSent,
          attempts: sent.attempts,
          replayed: sent.replayed,
          transport: sent.transport,
          ...(sent.fallbackReason ? { transportFallback: sent.fallbackReason } : {}),
        },
      };
    },
  };
}

/** The same transport under its first name (it began with the translate route only). */
export const createTranslateTransport = createFunctionsTransport;
