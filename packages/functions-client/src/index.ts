export {
  createFunctionsClient,
  type FunctionsClient,
  type FunctionsClientOptions,
  type FunctionsClientEvents,
  type Delivered,
} from './functions-client.js';
export { remoteStage, type RemoteStageSpec } from './remote-stage.js';
export { EndpointNotAllowedError, type EndpointNotAllowedDetails } from './endpoint-allowlist.js';
export { createTranslateClient, type TranslateClient, type TranslateClientOptions, type TranslateCallOptions, type ClientEvents } from './translate-client.js';
export { createFunctionsTransport, createTranslateTransport, type TranslateTransportOptions } from './remote-transport.js';
export { createOfflineQueue, type OfflineQueue, type QueuedRequest } from './offline-queue.js';
export { createIndexedDbAuditStore, type IndexedDbAuditStoreOptions } from './audit-store.js';
export { isRetryable, isServerFailure, type CircuitStateName, type ResilienceOptions } from './resilience.js';
export { HttpFailure, InvalidResponse } from './http.js';
export type { PunctuateResult, TranslateResult, CallReport } from './results.js';
export {
  ROUTES,
  translateRoute,
  punctuateRoute,
  defineRoute,
  defineSchema,
  type RouteContract,
  type StandardSchemaV1,
  type Problem,
  type PunctuateRequest,
  type PunctuateResponse,
  type TranslateInput,
  type TranslateRequest,
  type TranslateResponse,
} from '@tandem/wire';
export { type ChannelSession, type SessionOptions, type TransportInfo } from './channel-session.js';
export { type ChannelFallbackReason } from './channel-connection.js';
