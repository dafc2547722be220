export type { StandardSchemaV1, StandardSchemaProps, StandardResult, StandardIssue, InferOutput } from './standard-schema.js';
export { defineSchema, parseWith, AsyncSchemaError, type WireSchema, type IssueSink, type Parsed } from './schema.js';
export { defineRoute, checkRoutePath, sealBody, openBody, RouteError, SANITIZED, type RouteContract, type RoutePath, type SanitizedBody, type OpenedBody } from './route.js';
export {
  ROUTES,
  translateRoute,
  punctuateRoute,
  translateInput,
  translateResponse,
  punctuateInput,
  punctuateResponse,
  type TranslateInput,
  type TranslateRequest,
  type TranslateResponse,
  type PunctuateInput,
  type PunctuateRequest,
  type PunctuateResponse,
} from './routes.js';
export { MAX_TEXT_CHARS, MAX_PLACEHOLDERS, isRecord, onlyKeys, checkString, checkNumber, checkPlainText, checkLanguageCode, checkRedaction, type RedactionInfo } from './fields.js';
export { isPlaceholder } from './placeholder.js';
export { PROBLEM_BASE, PROBLEM_MEDIA_TYPE, type Problem } from './problem.js';
export {
  CHANNEL_ROUTE,
  CHANNEL_PROTOCOL,
  BEARER_PROTOCOL_PREFIX,
  CHANNEL_CLOSE,
  parseChannelRequest,
  parseChannelReply,
  type ChannelRequest,
  type ChannelReply,
  type ParsedChannelRequest,
} from './channel.js';
