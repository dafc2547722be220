import { checkLanguageCode, checkNumber, checkPlainText, checkRedaction, checkString, isRecord, onlyKeys, type RedactionInfo } from './fields.js';
import { defineRoute, type SanitizedBody } from './route.js';
import { defineSchema } from './schema.js';

/** Every path the built-in function serves: the one place these strings are written. */
export const ROUTES = Object.freeze({
  translate: '/v1/translate',
  punctuate: '/v1/punctuate',
  languages: '/v1/languages',
  health: '/healthz',
} as const);

/** `POST /v1/translate`: sanitized text, the pair, and what the redactor replaced. */
export interface TranslateInput {
  text: string;
  source: string;
  target: string;
  redaction: RedactionInfo;
}

export interface TranslateResponse {
  translation: string;
  provider: string;
  model: string;
  /** Milliseconds spent in the provider (not queueing or validation). */
  ms: number;
}

/** `POST /v1/punctuate`: the same sanitized text and redaction info, no languages (English rules). */
export interface PunctuateInput {
  text: string;
  redaction: RedactionInfo;
}

export interface PunctuateResponse {
  text: string;
  /** The rules that changed something (see @tandem/punctuate). */
  rules: readonly string[];
  ms: number;
}

export type TranslateRequest = SanitizedBody<TranslateInput>;
export type PunctuateRequest = SanitizedBody<PunctuateInput>;

export const translateInput = defineSchema<TranslateInput>((value, issues) => {
  if (!isRecord(value, [], issues)) return value as TranslateInput;
  onlyKeys(value, ['text', 'source', 'target', 'redaction'], [], issues);
  return {
    text: checkPlainText(value.text, ['text'], issues),
    source: checkLanguageCode(value.source, ['source'], issues),
    target: checkLanguageCode(value.target, ['target'], issues),
    redaction: checkRedaction(value.redaction, ['redaction'], issues),
  };
});

/** Lenient about extra keys: a newer function may add fields an older client ignores. */
export const translateResponse = defineSchema<TranslateResponse>((value, issues) => {
  if (!isRecord(value, [], issues)) return value as TranslateResponse;
  return {
    translation: checkString(value.translation, ['translation'], issues),
    provider: checkString(value.provider, ['provider'], issues),
    model: checkString(value.model, ['model'], issues),
    ms: checkNumber(value.ms, ['ms'], issues),
  };
});

export const punctuateInput = defineSchema<PunctuateInput>((value, issues) => {
  if (!isRecord(value, [], issues)) return value as PunctuateInput;
  onlyKeys(value, ['text', 'redaction'], [], issues);
  return { text: checkPlainText(value.text, ['text'], issues), redaction: checkRedaction(value.redaction, ['redaction'], issues) };
});

export const punctuateResponse = defineSchema<PunctuateResponse>((value, issues) => {
  if (!isRecord(value, [], issues)) return value as PunctuateResponse;
  const rules = Array.isArray(value.rules) ? value.rules : (issues.add(['rules'], 'expected an array'), []);
  return {
    text: checkString(value.text, ['text'], issues),
    rules: rules.map((r: unknown, i) => checkString(r, ['rules', i], issues)),
    ms: checkNumber(value.ms, ['ms'], issues),
  };
});

export const translateRoute = defineRoute({ route: ROUTES.translate, input: translateInput, output: translateResponse });
export const punctuateRoute = defineRoute({ route: ROUTES.punctuate, input: punctuateInput, output: punctuateResponse });
