/**
 * Exactly one placeholder as @tandem/redaction writes it (`⟦n⟧`, n from 1 to 9999 without
 * leading zeros, no spaces). It is part of the wire contract: a request may declare only these in
 * `redaction.placeholders`, so an ordinary word ("hello", "i") can never pose as one that
 * punctuation and translation must leave alone. @tandem/redaction re-exports this definition.
 */
const EXACT_PLACEHOLDER = /^⟦[1-9]\d{0,3}⟧$/u;

export function isPlaceholder(value: string): boolean {
  return EXACT_PLACEHOLDER.test(value);
}
