/**
 * The placeholder shape: a number between U+27E6/U+27E7 (mathematical white square brackets),
 * e.g. `⟦3⟧`. Chosen by translating candidates through Debian's apertium eng→spa and eng→cat in
 * 36 sentence positions (see README): word-like shapes (`PERSON_1`) get translated
 * (`PERSONA_1`), letters inside brackets (`⟦P1⟧`) get apertium's unknown-word mark (`⟦*P1⟧`),
 * tags (`<x1/>`) only survive with the HTML deformatter. `⟦n⟧` came back intact in every case
 * and, unlike digits-only, `#1`, `@1`, `«1»` or `§1`, cannot be confused with anything a person
 * says or a translator writes.
 */
export const PLACEHOLDER_OPEN = '⟦';
export const PLACEHOLDER_CLOSE = '⟧';

/** Bumped when the placeholder shape or the mapping's meaning changes. */
export const REDACTION_VERSION = 1;

export function formatPlaceholder(n: number): string {
  return `${PLACEHOLDER_OPEN}${n}${PLACEHOLDER_CLOSE}`;
}

/**
 * Exactly one placeholder as the redactor writes it (`formatPlaceholder`): what a request may
 * declare in `redaction.placeholders`. Defined in @tandem/wire, the contract the function checks
 * requests against, so the two sides share one definition.
 */
export { isPlaceholder } from '@tandem/wire';

/**
 * Finds placeholders in translated text. Tolerates whitespace a translator may put inside the
 * brackets (`⟦ 3 ⟧`); apertium never did, other engines might.
 */
export function placeholderPattern(): RegExp {
  return /⟦\s*(\d{1,4})\s*⟧/gu;
}

/** Input must not contain the bracket characters, or restoring could touch what the user said. */
export function neutralizePlaceholderBrackets(text: string): string {
  return text.replaceAll(PLACEHOLDER_OPEN, '[').replaceAll(PLACEHOLDER_CLOSE, ']');
}
