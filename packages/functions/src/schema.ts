import { isPlaceholder } from '@tandem/redaction/placeholder';
import { z } from 'zod';

/**
 * The request the browser's boundary is allowed to send. It is the function's second line of
 * defence: the browser already refused anything not sanitized, but a function on the internet
 * must not trust that, so it checks label, size and "plain text" again.
 */

/** Upper bound of `text` in characters (code points: zod counts `😀` as one); the 16 KiB body limit comes first anyway. */
export const MAX_TEXT_CHARS = 4000;

/**
 * Plain text: no C0/C1 control characters except tab, LF and CR, no lone surrogates. Markup is
 * left alone (providers translate it as text), but binary or terminal escapes are refused.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** `String.prototype.isWellFormed` is ES2024; this is the same check for our ES2023 lib. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const plainText = z
  .string()
  .min(1, 'text must not be empty')
  .max(MAX_TEXT_CHARS, `text must be at most ${MAX_TEXT_CHARS} characters`)
  .refine((s) => !CONTROL.test(s), 'text must be plain text (no control characters)')
  .refine((s) => !LONE_SURROGATE.test(s), 'text must be well-formed Unicode (no lone surrogates)')
  .refine((s) => s.trim().length > 0, 'text must not be blank');

/** ISO 639-1 or 639-3, with an optional Apertium variant suffix (`eng_US`, `cat_valencia`). */
export const languageCode = z.string().regex(/^[a-z]{2,3}(_[A-Za-z0-9]{1,16})?$/, 'not a language code');

/**
 * A placeholder the redactor put in place of personal data: exactly its `⟦n⟧` shape (one
 * definition, @tandem/redaction's). Anything looser would let an ordinary word ("hello", "i",
 * "monday") pose as a placeholder that punctuation and translation must not touch.
 */
const placeholder = z.string().max(8).refine(isPlaceholder, 'a placeholder is ⟦n⟧ with n from 1 to 9999, as @tandem/redaction writes it');

const redaction = z.strictObject({
  version: z.union([z.string().min(1).max(32), z.number().int().nonnegative()]),
  placeholders: z.array(placeholder).max(256),
});

export const translateRequestSchema = z.strictObject({
  text: plainText,
  source: languageCode,
  target: languageCode,
  redaction,
  // Checked separately (see app.ts) so a wrong label gets its own problem type.
  label: z.string(),
});

/** `POST /v1/punctuate`: the same sanitized text and redaction info, no languages (English rules). */
export const punctuateRequestSchema = z.strictObject({
  text: plainText,
  redaction,
  label: z.string(),
});

export type PunctuateRequest = z.infer<typeof punctuateRequestSchema> & { label: 'sanitized' };

export interface PunctuateResponse {
  text: string;
  /** The rules that changed something (see @tandem/punctuate). */
  rules: readonly string[];
  ms: number;
}

export type TranslateRequest = z.infer<typeof translateRequestSchema> & { label: 'sanitized' };

export interface TranslateResponse {
  translation: string;
  provider: string;
  model: string;
  /** Milliseconds spent in the provider (not queueing or validation). */
  ms: number;
}

/** zod issues as short lines (`redaction.placeholders.0: …`) without echoing the input. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
}
