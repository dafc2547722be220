import type { LanguagePair } from '../languages.js';

/** What the app asks of a provider: text in one language, text out in another. */
export interface ProviderRequest {
  text: string;
  /** ISO 639-3 (Apertium's codes), normalised by the app. */
  source: string;
  target: string;
  /** Placeholders the provider must leave untouched (LLM providers are told so). */
  placeholders: readonly string[];
}

export interface ProviderResult {
  translation: string;
  /** The concrete model/pipeline used, e.g. `apertium eng-spa` or `gpt-4o-mini`. */
  model: string;
}

/**
 * One interface for every translation backend, chosen by configuration (`providerFromEnv`).
 * Implementations use only Fetch-API globals so the same provider runs on workerd and Node.
 */
export interface TranslateProvider {
  /** Stable id reported as `provider` in responses and logs. */
  readonly id: string;
  translate(request: ProviderRequest, signal: AbortSignal): Promise<ProviderResult>;
  /** The pairs this provider offers now (GET /v1/languages). */
  languages(signal: AbortSignal): Promise<LanguagePair[]>;
  /** Cheap liveness check for /healthz; resolves false rather than throwing. */
  healthy(signal: AbortSignal): Promise<boolean>;
}

/**
 * Why a provider failed, mapped by the app to 502/503/504 problems, or to 400 for a pair the
 * provider does not offer (the client's mistake, answered with the pairs it could ask for).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  /** With `unsupported-pair`: what the provider does offer, when it could say. */
  readonly supportedPairs: readonly LanguagePair[] | undefined;
  constructor(
    readonly kind: 'unavailable' | 'timeout' | 'failed' | 'unsupported-pair',
    message: string,
    options?: { cause?: unknown; supportedPairs?: readonly LanguagePair[] },
  ) {
    super(message, options);
    this.supportedPairs = options?.supportedPairs;
  }
}

/** The error for a pair the provider lacks; its message names every pair it has. */
export function unsupportedPairError(provider: string, source: string, target: string, supportedPairs: readonly LanguagePair[]): ProviderError {
  const offered = supportedPairs.length > 0 ? supportedPairs.map((p) => `${p.source}→${p.target}`).join(', ') : 'none';
  return new ProviderError('unsupported-pair', `${provider} has no ${source}→${target} pair; it offers ${offered}`, { supportedPairs });
}

/** Turns a fetch failure into a ProviderError without leaking URLs with credentials. */
export function providerFetchError(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new ProviderError('timeout', `${provider} did not answer in time`, { cause: error });
  }
  return new ProviderError('unavailable', `${provider} could not be reached`, { cause: error });
}
