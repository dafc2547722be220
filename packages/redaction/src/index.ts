export {
  redactTranscript,
  detectPersonalData,
  type RedactedTranscript,
  type RedactOptions,
  type PlaceholderEntry,
  type PlaceholderMapping,
} from './redact.js';
export { restoreTranscript, type RestoredTranscript, type RestoreOptions } from './restore.js';
export { REDACTION_VERSION, formatPlaceholder, isPlaceholder, placeholderPattern } from './placeholder.js';
export { type KnownNames, type NameKind } from './detect-known-names.js';
export { ENTITY_KINDS, type EntityKind, type Detection } from './types.js';
export {
  createTranscriptRedactor,
  type TranscriptRedactor,
  type TranscriptRedactorOptions,
  type SanitizedTranscript,
} from './sanitizer.js';
