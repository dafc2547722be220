export { createTranslateClient, type TranslateClient, type TranslateClientOptions, type TranslateCallOptions, type ClientEvents } from './translate-client.js';
export { createFunctionsTransport, createTranslateTransport, type TranslateTransportOptions } from './remote-transport.js';
export { createOfflineQueue, type OfflineQueue, type QueuedRequest } from './offline-queue.js';
export { createIndexedDbAuditStore, type IndexedDbAuditStoreOptions } from './audit-store.js';
export { isRetryable, isServerFailure, type CircuitStateName, type ResilienceOptions } from './resilience.js';
export { HttpFailure, InvalidResponse } from './http.js';
export type { Problem, PunctuateRequest, PunctuateResponse, PunctuateResult, TranslateRequest, TranslateResponse, TranslateResult } from './wire.js';
