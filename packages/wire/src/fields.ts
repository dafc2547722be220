import { isPlaceholder } from './placeholder.js';
import type { IssueSink } from './schema.js';

/**
 * The field checks the built-in routes share. The function is the second line of defence: the
 * device already refused anything not sanitized, but a function on the internet must not trust
 * that, so it checks size and "plain text" again.
 */

type Path = readonly (string | number)[];

/** Upper bound of `text` in code points (`😀` counts once); the body limit comes first anyway. */
export const MAX_TEXT_CHARS = 4000;

/** No C0/C1 control characters except tab, LF and CR: binary and terminal escapes are refused. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** `String.prototype.isWellFormed` is ES2024; the same check for our ES2023 lib. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** ISO 639-1 or 639-3, with an optional Apertium variant suffix (`eng_US`, `cat_valencia`). */
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Za-z0-9]{1,16})?$/;

/** A plain JSON object (not an array, not null); reports `expected an object` otherwise. */
export function isRecord(value: unknown, path: Path, issues: IssueSink): value is Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
  issues.add(path, 'expected an object');
  return false;
}

/** Refuses keys outside `allowed`, as a strict object schema does: nothing unexpected is forwarded. */
export function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], path: Path, issues: IssueSink): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) issues.add([...path, key], 'unexpected key');
}

export function checkString(value: unknown, path: Path, issues: IssueSink): string {
  if (typeof value !== 'string') issues.add(path, 'expected a string');
  return value as string;
}

export function checkNumber(value: unknown, path: Path, issues: IssueSink): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) issues.add(path, 'expected a finite number');
  return value as number;
}

/** Plain text of 1–4000 code points: no control characters, no lone surrogates, not blank. */
export function checkPlainText(value: unknown, path: Path, issues: IssueSink): string {
  if (typeof value !== 'string') {
    issues.add(path, 'expected a string');
    return value as string;
  }
  const length = [...value].length;
  if (length < 1) issues.add(path, 'text must not be empty');
  else if (value.trim().length === 0) issues.add(path, 'text must not be blank');
  if (length > MAX_TEXT_CHARS) issues.add(path, `text must be at most ${MAX_TEXT_CHARS} characters`);
  if (CONTROL.test(value)) issues.add(path, 'text must be plain text (no control characters)');
  if (LONE_SURROGATE.test(value)) issues.add(path, 'text must be well-formed Unicode (no lone surrogates)');
  return value;
}

export function checkLanguageCode(value: unknown, path: Path, issues: IssueSink): string {
  if (typeof value !== 'string' || !LANGUAGE_CODE.test(value)) issues.add(path, 'not a language code');
  return value as string;
}

/** What the redactor put in place of personal data: its format version and the placeholders used. */
export interface RedactionInfo {
  /** @tandem/redaction's `REDACTION_VERSION`: a non-negative integer, the same type on both sides. */
  version: number;
  placeholders: readonly string[];
}

export const MAX_PLACEHOLDERS = 256;

export function checkRedaction(value: unknown, path: Path, issues: IssueSink): RedactionInfo {
  if (!isRecord(value, path, issues)) return value as unknown as RedactionInfo;
  onlyKeys(value, ['version', 'placeholders'], path, issues);
  const { version, placeholders } = value;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) issues.add([...path, 'version'], 'expected a non-negative integer');
  if (!Array.isArray(placeholders)) {
    issues.add([...path, 'placeholders'], 'expected an array');
  } else {
    if (placeholders.length > MAX_PLACEHOLDERS) issues.add([...path, 'placeholders'], `at most ${MAX_PLACEHOLDERS} placeholders`);
    placeholders.slice(0, MAX_PLACEHOLDERS).forEach((p: unknown, i) => {
      if (typeof p !== 'string' || p.length > 8 || !isPlaceholder(p)) {
        issues.add([...path, 'placeholders', i], 'a placeholder is ⟦n⟧ with n from 1 to 9999, as @tandem/redaction writes it');
      }
    });
  }
  return { version: version as number, placeholders: placeholders as string[] };
}
