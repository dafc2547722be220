import { ProblemError, problem } from './problem.js';
import { ProviderError } from './providers/provider.js';

const PROVIDER_PROBLEM = {
  unavailable: 'provider-unavailable',
  timeout: 'provider-timeout',
  failed: 'provider-failed',
  'unsupported-pair': 'unsupported-language-pair',
} as const;

/** A `ProviderError` (the deadline's timeout included) as its problem: 502/503/504, or 400 for a pair. */
export function providerErrorProblem(error: ProviderError): ProblemError {
  const type = PROVIDER_PROBLEM[error.kind];
  const headers: Record<string, string> = error.kind === 'unavailable' ? { 'retry-after': '2' } : {};
  const pairs = error.supportedPairs ? { supportedPairs: error.supportedPairs } : {};
  return new ProblemError(problem(type, error.message, { errorKind: error.kind, ...pairs }), headers);
}

/** Anything a translation provider threw, as a problem: unknown failures are the provider's (502). */
export function providerProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof ProviderError) return providerErrorProblem(error);
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new ProblemError(problem('provider-timeout', 'The translation provider did not answer in time.'));
  }
  return new ProblemError(problem('provider-failed', 'The translation provider failed.'));
}
