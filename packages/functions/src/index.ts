export { defineFunction, type FunctionSpec, type FunctionDefinition, type HandlerContext } from './define-function.js';
export { createFunctionsApp, DEFAULT_BODY_LIMIT, type AppVars, type ClientAddress, type FunctionsAppOptions, type HealthCheck } from './functions-app.js';
export { createTranslateApp, translateFunction, punctuateFunction, type TranslateAppOptions } from './translate-app.js';
export { appOptionsFromEnv, authFromEnv, providerFromEnv, ConfigError, PROVIDERS, type FunctionEnv, type ProviderName } from './config.js';
export { authenticate, mintToken, DEFAULT_SCOPE, MIN_SECRET_BYTES, type AuthOptions, type MintOptions, type Principal } from './auth.js';
export { createRateLimiter, takeToken, type RateLimiter, type RateLimitOptions, type RateDecision, type TokenBucket } from './rate-limit.js';
export { createMemoryIdempotencyStore, IdempotencyConflict, type IdempotencyStore, type StoredResponse } from './idempotency.js';
export {
  createSharedIdempotencyStore,
  decideClaim,
  completedRecord,
  releases,
  sharedStateSettings,
  type ClaimRequest,
  type IdempotencyClaim,
  type IdempotencyRecord,
  type IdempotencyRecords,
  type SharedIdempotencyOptions,
} from './shared-idempotency.js';
export { jsonLineLogger, silentLogger, type Logger, type RequestLog } from './log.js';
export { PROBLEM_BASE, PROBLEM_TYPES, ProblemError, fail, problem, problemResponse, type Problem, type ProblemType } from './problem.js';
export {
  ROUTES,
  MAX_TEXT_CHARS,
  translateRoute,
  punctuateRoute,
  defineRoute,
  defineSchema,
  checkPlainText,
  checkString,
  isRecord,
  onlyKeys,
  type IssueSink,
  type StandardSchemaV1,
  type RouteContract,
  type TranslateRequest,
  type TranslateResponse,
  type PunctuateRequest,
  type PunctuateResponse,
} from '@tandem/wire';
export { toIso1, toIso3, type LanguagePair } from './languages.js';
export { ProviderError, type ProviderRequest, type ProviderResult, type TranslateProvider } from './providers/provider.js';
export { withProviderDeadline, type ProviderDeadlineOptions } from './deadline.js';
export { createApertiumApyProvider, type ApertiumApyOptions } from './providers/apertium-apy.js';
export { createOpenAiCompatibleProvider, type OpenAiCompatibleOptions } from './providers/openai-compatible.js';
export { createWorkersAiProvider, type AiBinding, type WorkersAiOptions } from './providers/workers-ai.js';
export { createFixedProvider, type FixedProviderOptions } from './providers/fixed.js';
export { ENVELOPE_BYTES, type SessionChannelOptions } from './session-channel.js';
export { CHANNEL_ROUTE, CHANNEL_PROTOCOL, BEARER_PROTOCOL_PREFIX, CHANNEL_CLOSE, type ChannelRequest, type ChannelReply } from '@tandem/wire';
