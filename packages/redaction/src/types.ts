/** What a detector found. Kinds are stable strings: they appear in the on-device mapping. */
export type EntityKind =
  | 'person'
  | 'place'
  | 'organization'
  | 'email'
  | 'phone'
  | 'card'
  | 'iban'
  | 'date-of-birth'
  | 'digits';

export const ENTITY_KINDS: readonly EntityKind[] = Object.freeze([
  'person',
  'place',
  'organization',
  'email',
  'phone',
  'card',
  'iban',
  'date-of-birth',
  'digits',
]);

/** A character span of the original text that must not leave the device. */
export interface Detection {
  readonly kind: EntityKind;
  readonly start: number;
  readonly end: number;
  /** The value in canonical form when it differs from what was said (e.g. `john.smith@example.com`). */
  readonly normalized?: string;
  /** Found from a name the app supplied: wins over what the tagger guessed for the same words. */
  readonly known?: true;
}
